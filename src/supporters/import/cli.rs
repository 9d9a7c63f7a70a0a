//! `hermana import supporters FILE --org SLUG`: the same import as the web pages, from a
//! terminal. Without `--yes` it prints the preview and changes nothing. With it, the import is
//! committed as the same durable job the web uses (so if this command is killed, a running
//! server finishes it) and applied here batch by batch under a progress bar.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Context as _;
use sea_orm::DatabaseConnection;

use super::run::{self, Runner, status};
use crate::i18n::{Catalog, Lang};
use crate::organizations::model as organizations;

/// Runs the command; returns what to print at the end.
pub async fn import_supporters(
    db: &DatabaseConnection,
    organization_slug: &str,
    file: &Path,
    yes: bool,
) -> anyhow::Result<String> {
    let catalog = Catalog::embedded().map_err(anyhow::Error::msg)?;
    let organization = organizations::find_by_slug(db, organization_slug)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no organization with slug {organization_slug:?}"))?;
    let lang = Lang::from_code(&organization.default_language).unwrap_or(Lang::Es);
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let import = match run::create(db, organization.id, None, &name, bytes, lang).await? {
        Ok(import) => import,
        Err(error) => anyhow::bail!("{}: {}", file.display(), run::error_message(&catalog, lang, &error)),
    };
    if import.status == status::MAPPING {
        anyhow::bail!(catalog.text(lang, "import-cli-unmapped", None));
    }
    let preview: run::Preview =
        import.preview.as_deref().and_then(|p| serde_json::from_str(p).ok()).unwrap_or_default();
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("rows", preview.rows);
    args.set("created", preview.created);
    args.set("matched", preview.matched);
    args.set("rejected", preview.rejected);
    args.set("suggested", preview.suggested);
    eprintln!("{}", catalog.text(lang, "import-cli-preview", Some(&args)));
    if !yes {
        return Ok(catalog.text(lang, "import-cli-confirm", None));
    }
    if let Err(refused) = run::commit(db, &import).await? {
        anyhow::bail!("import #{} cannot be committed: {refused:?}", import.id);
    }
    if let Some(mut runner) = Runner::start(db, import.id).await? {
        let mut bar = Bar::new();
        loop {
            let progress = runner.step(db).await?;
            bar.draw(progress.processed, progress.total);
            if progress.done {
                break;
            }
        }
        bar.finish();
    }
    let done = run::find(db, organization.id, import.id).await?.context("the import disappeared")?;
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("id", done.id);
    args.set("created", done.created_count);
    args.set("matched", done.matched_count);
    args.set("rejected", done.rejected_count);
    args.set("suggested", done.suggested_count);
    Ok(catalog.text(lang, "import-cli-done", Some(&args)))
}

/// A progress bar on standard error, redrawn in place on a terminal; plain lines otherwise.
struct Bar {
    terminal: bool,
    last: Option<usize>,
}

impl Bar {
    fn new() -> Bar {
        Bar { terminal: std::io::stderr().is_terminal(), last: None }
    }

    fn draw(&mut self, processed: usize, total: usize) {
        let percent = (processed * 100).checked_div(total).unwrap_or(100);
        let mut err = std::io::stderr().lock();
        if self.terminal {
            let filled = percent * 30 / 100;
            let _ =
                write!(err, "\r[{}{}] {percent:>3}% {processed}/{total}", "#".repeat(filled), " ".repeat(30 - filled));
            let _ = err.flush();
        } else if self.last.is_none_or(|last| percent >= last + 10 || percent == 100) {
            let _ = writeln!(err, "{percent:>3}% {processed}/{total}");
            self.last = Some(percent);
        }
    }

    fn finish(&self) {
        if self.terminal {
            eprintln!();
        }
    }
}
