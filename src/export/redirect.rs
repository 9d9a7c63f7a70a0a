//! Pages that send the visitor on at once, for what the live site answers with a redirect:
//! `/` (to a language) and the old address of a renamed page (to its current one).

use serde::Serialize;

use crate::i18n::Lang;
use crate::organizations::model::Organization;
use crate::web::render::Renderer;

#[derive(Serialize)]
struct RedirectPage {
    lang: &'static str,
    title: String,
    /// Where the browser goes at once (`<meta http-equiv="refresh">`).
    to: String,
    /// What a visitor can follow when the browser does not go on by itself.
    links: Vec<Link>,
}

#[derive(Serialize)]
struct Link {
    path: String,
    label: String,
    lang: Option<&'static str>,
}

/// `/`: the organization's own language (as the live site's last resort when it knows nothing
/// of the visitor), with a link to each language.
pub fn root(renderer: &Renderer, organization: &Organization) -> Result<String, minijinja::Error> {
    let lang = Lang::from_code(&organization.default_language).unwrap_or(Lang::En);
    let links = [lang, lang.other()]
        .into_iter()
        .map(|l| Link { path: format!("/{}/", l.code()), label: l.endonym().to_owned(), lang: Some(l.code()) })
        .collect();
    let page =
        RedirectPage { lang: lang.code(), title: organization.name.clone(), to: format!("/{}/", lang.code()), links };
    renderer.render("export/redirect.html", &page)
}

/// A page's old address, in `lang`: on to its current address `to`.
pub fn moved(
    renderer: &Renderer,
    organization: &Organization,
    lang: Lang,
    to: &str,
) -> Result<String, minijinja::Error> {
    let links = vec![Link { path: to.to_owned(), label: to.to_owned(), lang: None }];
    let page = RedirectPage { lang: lang.code(), title: organization.name.clone(), to: to.to_owned(), links };
    renderer.render("export/redirect.html", &page)
}
