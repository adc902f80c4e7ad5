//! `isoaudit template audit-report|nc-reports -o FILE.docx [--lang zh|en] [--force]`
//!
//! Our default Word form, for a bureau to number and design as its own. Examples:
//!   isoaudit template nc-reports --lang zh -o QR-08不符合报告.docx
//!   isoaudit template audit-report -o audit-report.docx

use super::{Hinted, printer, settings};
use crate::Status;
use crate::cli::{GlobalArgs, TemplateArgs, TemplateKind};
use crate::model::{Say, Text};
use crate::report::docx::{Kind, default_template};

pub fn run(g: &GlobalArgs, a: TemplateArgs) -> anyhow::Result<Status> {
    let lang = settings::lang(g, None);
    let kind = match a.kind {
        TemplateKind::AuditReport => Kind::AuditReport,
        TemplateKind::NcReports => Kind::NcReports,
        TemplateKind::CorrectiveActions => Kind::CorrectiveActions,
        TemplateKind::AuditProgramme => Kind::AuditProgramme,
    };
    let bytes = default_template(kind, lang)?;
    crate::output::write_atomic(&a.output, &bytes, a.force).map_err(|e| {
        Hinted::new(
            e.text(),
            e.hint_text()
                .unwrap_or_else(|| Text::new(Say::WritableHint)),
        )
    })?;
    printer::note(
        g.quiet,
        &format!("{} {}", lang.pick("wrote", "已写入"), a.output.display()),
    );
    Ok(Status::Clean)
}
