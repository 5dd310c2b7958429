//! `annexa compact`: gives back the space that removals left in a workspace file, by
//! rewriting it without its free pages (the core's `Workspace::compact`).

use std::io::Write;

use annexa_core::Workspace;
use annexa_core::evidence::Progress;
use annexa_core::wire::CompactView;

use crate::evidence::{ProgressLine, human_size};
use crate::output::{self, Format, Rows};
use crate::{Failure, FormatArg, columns};

pub fn compact(ws: &mut Workspace, args: &FormatArg, out: &mut impl Write) -> Result<(), Failure> {
    let mut line = ProgressLine::new();
    let mut progress = Progress {
        files_done: 0,
        files_total: 1,
        bytes_done: 0,
        bytes_total: 0,
        current: ws.path().display().to_string(),
    };
    let result = ws.compact(&mut |done, total| {
        progress.bytes_done = done;
        progress.bytes_total = total;
        line.show("compacting", &progress)
    });
    line.finish();
    let view = CompactView::new(ws, &result?);
    if args.format != Format::Table {
        return output::write(out, args.format, &Rows::default(), &view, columns::COMPACT)
            .map_err(Failure::Output);
    }
    writeln!(
        out,
        "Compacted {}: {} before, {} now ({} given back)",
        view.path,
        human_size(view.before),
        human_size(view.after),
        human_size(view.before.saturating_sub(view.after))
    )
    .map_err(Failure::Output)
}
