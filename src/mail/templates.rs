//! Renders an email in one language: the subject from the Fluent catalog
//! (`mail-<template>-subject`), the bodies from `templates/mail/<template>.{txt,html}`.

use fluent_bundle::{FluentArgs, FluentValue};
use minijinja::context;
use minijinja::value::{Value, ValueKind};

use crate::i18n::{Catalog, Lang};
use crate::web::render::Renderer;

/// An email's text, ready to store.
#[derive(Clone, Debug)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    /// `None` when the template has no `.html` version.
    pub html: Option<String>,
}

/// Why an email could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("no subject {0:?} in the mail catalog")]
    NoSubject(String),
    #[error(transparent)]
    Template(#[from] minijinja::Error),
}

/// The Fluent key of a template's subject: `test_message` → `mail-test-message-subject`.
pub fn subject_key(template: &str) -> String {
    format!("mail-{}-subject", template.replace('_', "-"))
}

/// Renders `template` in `lang`. The context's top-level strings and numbers are also the
/// subject's Fluent arguments; the templates see them plus `lang` and `subject`.
pub fn render(
    renderer: &Renderer,
    catalog: &Catalog,
    lang: Lang,
    template: &str,
    context: &Value,
) -> Result<Rendered, RenderError> {
    let key = subject_key(template);
    if !catalog.has(lang, &key) {
        return Err(RenderError::NoSubject(key));
    }
    let args = fluent_args(context)?;
    let subject = catalog.text(lang, &key, Some(&args));
    let full = context! { lang => lang.code(), subject => &subject, ..context.clone() };
    let text = renderer.render(&format!("mail/{template}.txt"), &full)?;
    let html_template = format!("mail/{template}.html");
    let html = if renderer.has(&html_template) { Some(renderer.render(&html_template, &full)?) } else { None };
    Ok(Rendered { subject, text, html })
}

fn fluent_args(context: &Value) -> Result<FluentArgs<'static>, minijinja::Error> {
    let mut args = FluentArgs::new();
    if context.kind() != ValueKind::Map {
        return Ok(args);
    }
    for key in context.try_iter()? {
        let Some(name) = key.as_str() else { continue };
        let value = context.get_attr(name)?;
        let value = match value.kind() {
            ValueKind::Number => {
                value.as_i64().map(FluentValue::from).unwrap_or_else(|| FluentValue::from(value.to_string()))
            }
            ValueKind::String => FluentValue::from(value.to_string()),
            _ => continue,
        };
        args.set(name.to_owned(), value);
    }
    Ok(args)
}
