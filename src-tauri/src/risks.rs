//! The risk register's commands: thin adapters from IPC to `annexa-core`'s risks domain, as
//! `commands.rs` is for the rest. Each answers with what the window draws next.

use annexa_core::risks::{PRESETS, RiskMethod, risk_number};
use annexa_core::wire::{
    AssetInputView, AssetView, DecisionInputView, OwnControlInputView, OwnControlView,
    RiskDecision, RiskInputView, RiskMethodView, RiskRegisterView, RiskView,
};
use annexa_core::{ErrorKind, ErrorPayload};
use tauri::State;

use crate::AppState;
use crate::commands::{Reply, actor, with_ws};

/// The whole register: method, risks, assets, heat maps and findings.
#[tauri::command(async)]
pub fn risk_register(state: State<'_, AppState>) -> Reply<RiskRegisterView> {
    with_ws(&state, |ws| Ok(RiskRegisterView::of(ws)?))
}

fn view(ws: &annexa_core::store::Workspace, id: i64) -> Reply<RiskView> {
    let method = ws.risk_method()?.method;
    Ok(RiskView::new(&ws.risk(id)?, &method, &ws.today()?))
}

/// Adds a risk to the register.
#[tauri::command(async)]
pub fn add_risk(state: State<'_, AppState>, input: RiskInputView) -> Reply<RiskView> {
    let actor = actor(&state)?;
    with_ws(&state, |ws| {
        let r = ws.add_risk(&input.patch(), &actor)?;
        view(ws, r.id)
    })
}

/// Changes a risk (`id` as the register writes it, `R-001`).
#[tauri::command(async)]
pub fn update_risk(
    state: State<'_, AppState>,
    id: String,
    input: RiskInputView,
) -> Reply<RiskView> {
    let actor = actor(&state)?;
    with_ws(&state, |ws| {
        let n = risk_number(&id)?;
        ws.update_risk(n, &input.patch(), &actor)?;
        view(ws, n)
    })
}

/// Rates a risk again today; `treated` says the treatment is done (the rating is then the
/// residual risk).
#[tauri::command(async)]
pub fn rerate_risk(
    state: State<'_, AppState>,
    id: String,
    likelihood: u8,
    impact: u8,
    treated: bool,
) -> Reply<RiskView> {
    let actor = actor(&state)?;
    with_ws(&state, |ws| {
        let n = risk_number(&id)?;
        ws.rerate_risk(n, likelihood, impact, treated, &actor)?;
        view(ws, n)
    })
}

/// Records one of the risk owner's decisions.
#[tauri::command(async)]
pub fn decide_risk(
    state: State<'_, AppState>,
    id: String,
    input: DecisionInputView,
) -> Reply<RiskView> {
    let actor = actor(&state)?;
    with_ws(&state, |ws| {
        let n = risk_number(&id)?;
        let decision = input.input();
        match input.decision {
            RiskDecision::ApprovePlan => {
                ws.decide_plan(n, true, &decision, &actor)?;
            }
            RiskDecision::AcceptResidual => {
                ws.decide_residual(&[n], true, &decision, &actor)?;
            }
            RiskDecision::Reject => {
                ws.reject_risk(n, &decision, &actor)?;
            }
        }
        view(ws, n)
    })
}

/// The owner accepts several residual risks at once: a collective sign-off, allowed only
/// for residual risks within the criteria (the core refuses one above them).
#[tauri::command(async)]
pub fn accept_risks(
    state: State<'_, AppState>,
    ids: Vec<String>,
    input: DecisionInputView,
) -> Reply<Vec<RiskView>> {
    let actor = actor(&state)?;
    with_ws(&state, |ws| {
        let numbers = ids
            .iter()
            .map(|id| risk_number(id))
            .collect::<Result<Vec<_>, _>>()?;
        ws.decide_residual(&numbers, true, &input.input(), &actor)?;
        numbers.iter().map(|n| view(ws, *n)).collect()
    })
}

/// Adds an asset.
#[tauri::command(async)]
pub fn add_asset(state: State<'_, AppState>, input: AssetInputView) -> Reply<AssetView> {
    let actor = actor(&state)?;
    with_ws(&state, |ws| {
        Ok(AssetView::from(&ws.add_asset(&(&input).into(), &actor)?))
    })
}

/// Changes the method to a preset (re-rating every risk on it) and, or, records who adopted
/// it as the organisation's criteria.
#[tauri::command(async)]
pub fn set_risk_method(
    state: State<'_, AppState>,
    preset: Option<String>,
    adopted_by: Option<String>,
) -> Reply<RiskMethodView> {
    let actor = actor(&state)?;
    let method = preset
        .map(|p| {
            RiskMethod::preset(&p).ok_or_else(|| {
                ErrorPayload::new(
                    ErrorKind::InvalidInput,
                    format!("{p:?} is not a preset; use one of {}", PRESETS.join(", ")),
                )
            })
        })
        .transpose()?;
    with_ws(&state, |ws| {
        let adopted = ws.change_risk_method(method.as_ref(), adopted_by.as_deref(), &actor)?;
        Ok(RiskMethodView::from(&adopted))
    })
}

/// Adds a control of the organisation's own (`reference` as the organisation writes it).
#[tauri::command(async)]
pub fn add_own_control(
    state: State<'_, AppState>,
    reference: String,
    input: OwnControlInputView,
) -> Reply<OwnControlView> {
    let actor = actor(&state)?;
    with_ws(&state, |ws| {
        Ok(OwnControlView::from(&ws.add_own_control(
            &reference,
            &input.patch(),
            &actor,
        )?))
    })
}

/// Changes a control of the organisation's own.
#[tauri::command(async)]
pub fn update_own_control(
    state: State<'_, AppState>,
    reference: String,
    input: OwnControlInputView,
) -> Reply<OwnControlView> {
    let actor = actor(&state)?;
    with_ws(&state, |ws| {
        Ok(OwnControlView::from(&ws.update_own_control(
            &reference,
            &input.patch(),
            &actor,
        )?))
    })
}
