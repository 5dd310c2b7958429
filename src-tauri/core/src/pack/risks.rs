//! The pack's risk register: its table (`risk-register.csv` and `.xlsx`) and its section of
//! `index.html` (the method, the heat maps, each risk with its treatment and decisions).

use std::fmt::Write as _;

use super::PackData;
use super::render::{Table, esc};

/// How the SoA names the organisation's own controls where an Annex A control has its theme.
const ADDITIONAL: &str = "Additional (the organisation's own)";

/// The risk register with its treatment plan: each risk's rating, owner, treatment, the
/// controls and actions that carry it out, and the owner's two decisions.
pub(super) fn risk_register_table(data: &PackData) -> Table {
    Table {
        headers: vec![
            "Risk",
            "Title",
            "Kind",
            "Assets",
            "Owner",
            "Likelihood",
            "Impact",
            "Level",
            "Rated on",
            "Treatment",
            "Controls",
            "Actions",
            "Target level",
            "Residual level",
            "Status",
            "Plan approved by",
            "Residual risk accepted by",
            "Accepted until",
            "Why accepted",
        ],
        rows: data
            .risks
            .iter()
            .map(|r| {
                vec![
                    r.id.clone(),
                    r.title.clone(),
                    r.kind.clone(),
                    r.assets.join("; "),
                    r.owner.clone().unwrap_or_default(),
                    r.likelihood.to_string(),
                    r.impact.to_string(),
                    r.level.clone(),
                    r.rated_on.clone(),
                    r.treatment.clone().unwrap_or_default(),
                    r.controls
                        .iter()
                        .chain(&r.own_controls)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("; "),
                    r.actions
                        .iter()
                        .map(|a| format!("#{a}"))
                        .collect::<Vec<_>>()
                        .join("; "),
                    r.target_level.clone().unwrap_or_default(),
                    r.residual_level.clone(),
                    r.status.clone(),
                    r.plan_approved_by.clone().unwrap_or_default(),
                    r.accepted_by.clone().unwrap_or_default(),
                    r.accepted_until.clone().unwrap_or_default(),
                    r.accepted_note.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

/// The risk register and its treatment plan: the method it is rated by (and who adopted it),
/// then each risk with its level, owner, treatment, the controls and actions that carry it out
/// and the owner's two decisions.
pub(super) fn risks_section(h: &mut String, data: &PackData, heat_maps: &[crate::charts::Chart]) {
    h.push_str("<section id=\"risks\">\n<h2>Risk register and treatment plan</h2>\n");
    if let Some(m) = &data.risk_method {
        let adopted = match (&m.approved_by, &m.approved_at) {
            (Some(by), Some(at)) => format!(
                "adopted by {} on {}",
                esc(by),
                esc(&crate::text::readable_utc(at))
            ),
            _ => "<strong>not adopted by the organisation yet</strong>".to_owned(),
        };
        let _ = writeln!(
            h,
            "<p class=\"muted\">Rated on the {} method (likelihood × impact); acceptable up to \
             {}; {adopted}.</p>",
            esc(&m.preset),
            esc(&m.acceptable)
        );
    }
    if data.risks.is_empty() {
        h.push_str("<p class=\"muted\">No risk in this pack.</p>\n</section>\n");
        return;
    }
    if !heat_maps.is_empty() {
        h.push_str("<div class=\"charts\">");
        for c in heat_maps {
            let _ = write!(
                h,
                "<figure><figcaption>{}</figcaption>{}<p class=\"muted\">{}</p></figure>",
                esc(&c.title),
                c.svg,
                esc(&c.summary)
            );
        }
        h.push_str("</div>\n");
    }
    h.push_str(
        "<table>\n<thead><tr><th>Risk</th><th>Owner</th><th>Level now</th><th>Treatment</th>\
         <th>Controls</th><th>Residual</th><th>Plan approved</th><th>Residual accepted</th>\
         </tr></thead>\n<tbody>\n",
    );
    for r in &data.risks {
        let controls: Vec<String> = r
            .controls
            .iter()
            .map(|c| format!("<a href=\"#{0}\">{0}</a>", esc(c)))
            .chain(
                r.own_controls
                    .iter()
                    .map(|c| format!("<a href=\"#own-{0}\">{0}</a>", esc(c))),
            )
            .collect();
        let mut accepted = match (&r.accepted_by, &r.accepted_until) {
            (Some(by), Some(until)) => format!("{} (until {})", esc(by), esc(until)),
            (Some(by), None) => esc(by),
            _ => "<span class=\"no\">no</span>".to_owned(),
        };
        if let Some(note) = &r.accepted_note {
            let _ = write!(accepted, ": <q>{}</q>", esc(note));
        }
        let _ = writeln!(
            h,
            "<tr id=\"risk-{id}\"><td>{id} {title}</td><td>{owner}</td><td>{level} ({l} × {i})\
             </td><td>{treatment}</td><td>{controls}</td><td>{residual}</td><td>{plan}</td>\
             <td>{accepted}</td></tr>",
            id = esc(&r.id),
            title = esc(&r.title),
            owner = esc(r.owner.as_deref().unwrap_or("(nobody)")),
            level = esc(&r.level),
            l = r.likelihood,
            i = r.impact,
            treatment = esc(r.treatment.as_deref().unwrap_or("(none yet)")),
            controls = controls.join(", "),
            residual = esc(&r.residual_level),
            plan = r
                .plan_approved_by
                .as_deref()
                .map_or_else(|| "<span class=\"no\">no</span>".to_owned(), esc),
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

/// The organisation's own controls as additional rows of the Statement of Applicability, in
/// the Annex A rows' columns: applicable, for the risks that chose them.
pub(super) fn own_soa_rows(data: &PackData) -> impl Iterator<Item = Vec<String>> + '_ {
    data.own_controls.iter().map(|c| {
        vec![
            c.id.clone(),
            c.title.clone(),
            ADDITIONAL.to_owned(),
            "Yes".to_owned(),
            if c.risks.is_empty() {
                String::new()
            } else {
                crate::catalogue::vocabulary::Reason::RiskAssessment
                    .label()
                    .to_owned()
            },
            c.risks.join("; "),
            c.description.clone(),
            c.status.label().to_owned(),
            String::new(),
            String::new(),
            c.updated_at.clone(),
        ]
    })
}

/// The same rows in `index.html`'s Statement of Applicability.
pub(super) fn own_soa_html(h: &mut String, data: &PackData) {
    for c in &data.own_controls {
        let _ = writeln!(
            h,
            "<tr class=\"own\"><td><a href=\"#own-{id}\">{id}</a></td><td>{}</td><td>Yes</td>\
             <td>{}</td><td></td><td>0</td></tr>",
            esc(&c.title),
            c.status.label(),
            id = esc(&c.id),
        );
    }
}

/// Each of the organisation's own controls, after the Annex A controls.
pub(super) fn own_control_articles(h: &mut String, data: &PackData) {
    for c in &data.own_controls {
        let _ = writeln!(
            h,
            "<article id=\"own-{id}\">\n<h3>{id} {}</h3>\n<dl><dt>Theme</dt><dd>{ADDITIONAL}</dd>\
             <dt>Applicable</dt><dd>Yes</dd><dt>Risks it treats</dt><dd>{}</dd>\
             <dt>What it does</dt><dd>{}</dd><dt>Status</dt><dd>{}</dd></dl>\n</article>",
            esc(&c.title),
            esc(&if c.risks.is_empty() {
                "(none yet)".to_owned()
            } else {
                c.risks.join(", ")
            }),
            esc(&c.description),
            c.status.label(),
            id = esc(&c.id),
        );
    }
}
