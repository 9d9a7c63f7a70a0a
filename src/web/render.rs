//! Template rendering: minijinja templates embedded in the binary, overridable from a theme
//! folder, with `t()` for translations and `asset()` for static file URLs.

use std::path::Path;
use std::sync::Arc;

use fluent_bundle::{FluentArgs, FluentValue};

use minijinja::value::{Kwargs, Value, ValueKind};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, Output, State, UndefinedBehavior};
use serde::Serialize;

use crate::i18n::{Catalog, Lang};

/// Renders pages; cheap to share.
pub struct Renderer {
    env: Environment<'static>,
}

impl Renderer {
    /// Loads the built-in templates, then any of the same name from `theme_dir`.
    pub fn new(catalog: Arc<Catalog>, theme_dir: Option<&Path>) -> Result<Renderer, Error> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_formatter(escape_html);
        load_embedded(&mut env);
        if let Some(dir) = theme_dir {
            load_theme(&mut env, dir, dir)?;
        }
        env.add_function("t", move |state: &State, key: &str, kwargs: Kwargs| translate(&catalog, state, key, kwargs));
        env.add_function("asset", |name: &str| {
            crate::web::assets::url(name)
                .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("no static file {name}")))
        });
        Ok(Renderer { env })
    }

    /// Whether a template of this name exists (built in or from the theme).
    pub fn has(&self, template: &str) -> bool {
        self.env.get_template(template).is_ok()
    }

    /// Renders `template` with a page context; the context must have a `lang` field.
    pub fn render<C: Serialize>(&self, template: &str, context: &C) -> Result<String, Error> {
        self.env.get_template(template)?.render(minijinja::value::Serde(context))
    }
}

/// The templates compiled into the binary. `build.rs` already parsed each one, so the
/// generated code's `expect` cannot fail at run time.
#[expect(clippy::expect_used, reason = "minijinja_embed's generated loader; templates are checked at build time")]
fn load_embedded(env: &mut Environment<'static>) {
    minijinja_embed::load_templates!(*env);
}

/// HTML-escapes strings like minijinja's default, minus `/` (which needs no escaping and made
/// every URL in the page longer).
fn escape_html(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    let escaping = matches!(state.auto_escape(), AutoEscape::Html);
    match value.as_str() {
        Some(text) if escaping && !value.is_safe() => {
            let mut escaped = String::with_capacity(text.len() + 16);
            for c in text.chars() {
                match c {
                    '&' => escaped.push_str("&amp;"),
                    '<' => escaped.push_str("&lt;"),
                    '>' => escaped.push_str("&gt;"),
                    '"' => escaped.push_str("&quot;"),
                    '\'' => escaped.push_str("&#x27;"),
                    c => escaped.push(c),
                }
            }
            out.write_str(&escaped).map_err(|_| Error::from(ErrorKind::WriteFailure))
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

fn load_theme(env: &mut Environment<'static>, root: &Path, dir: &Path) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::new(ErrorKind::TemplateNotFound, format!("theme: {e}"));
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_dir() {
            load_theme(env, root, &path)?;
        } else if let Ok(name) = path.strip_prefix(root) {
            let name = name.to_string_lossy().replace('\\', "/");
            let source = std::fs::read_to_string(&path).map_err(io)?;
            env.add_template_owned(name, source)?;
        }
    }
    Ok(())
}

/// `t("key", name=value, …)`: the message in the page's language.
fn translate(catalog: &Catalog, state: &State, key: &str, kwargs: Kwargs) -> Result<String, Error> {
    let lang = state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Lang::from_code))
        .ok_or_else(|| Error::new(ErrorKind::UndefinedError, "t() needs `lang` in the page context"))?;
    let mut args = FluentArgs::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        let value = match value.kind() {
            ValueKind::Number => {
                value.as_i64().map(FluentValue::from).unwrap_or_else(|| FluentValue::from(value.to_string()))
            }
            _ => FluentValue::from(value.to_string()),
        };
        args.set(name.to_owned(), value);
    }
    let has_args = kwargs.args().next().is_some();
    Ok(catalog.text(lang, key, has_args.then_some(&args)))
}
