//! The public site in both languages: every page, the language switch, the seed's content.

use std::collections::{BTreeSet, VecDeque};

use crate::common::TestApp;

/// Every page reachable from both home pages through same-site links.
pub async fn crawl(app: &TestApp) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<String> = ["/es/".to_owned(), "/en/".to_owned()].into();
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let response = app.get(&path).await;
        assert_eq!(response.status, 200, "{path}");
        for href in response.attrs("a[href]", "href") {
            // Pages only: not the feeds nor the calendars.
            let page = !href.ends_with(".xml") && !href.ends_with(".ics");
            if (href.starts_with("/es/") || href.starts_with("/en/")) && page && !seen.contains(&href) {
                queue.push_back(href);
            }
        }
    }
    seen
}

#[tokio::test]
async fn every_page_renders_in_both_languages_and_switches_to_its_counterpart() {
    let app = TestApp::with_demo().await;
    let pages = crawl(&app).await;
    // home, about, network, working groups (+3), directory, the articles (list, 2 articles, their
    // 3 tags), the footer's "Become a Friend" with its "My details", its "Give", and its funds with
    // the demo's fund and that fund's "Give to this fund"; the events (list, archive, the demo's 3
    // events): 25 pages in each language. And the events' months, from this one to the month of
    // the demo's last event (in 120 days), and not one further.
    let months = |prefix: &str| pages.iter().filter(|p| p.starts_with(prefix)).count();
    let chicago = jiff::tz::TimeZone::get("America/Chicago").unwrap();
    let month_of = |days: i64| {
        hermana::i18n::dates::local(chrono::Utc::now() + chrono::Duration::days(days), &chicago).date().first_of_month()
    };
    let (this_month, last_month) = (month_of(0), month_of(120));
    let expected_months = usize::try_from(
        (last_month.year() - this_month.year()) * 12 + i16::from(last_month.month() - this_month.month()) + 1,
    )
    .unwrap();
    assert_eq!(months("/es/eventos/mes/"), expected_months, "{pages:?}");
    assert_eq!(months("/en/events/month/"), expected_months, "{pages:?}");
    assert_eq!(pages.iter().filter(|p| p.starts_with("/es/")).count(), 25 + expected_months, "{pages:?}");
    assert_eq!(pages.iter().filter(|p| p.starts_with("/en/")).count(), 25 + expected_months, "{pages:?}");
    for path in &pages {
        let page = app.get(path).await;
        let lang = &path[1..3];
        let other = if lang == "es" { "en" } else { "es" };
        assert_eq!(page.attr("html", "lang"), lang, "{path}");
        assert_eq!(page.texts("h1").len(), 1, "{path} has one h1");
        assert_eq!(page.attr("a.skip-link", "href"), "#main");
        assert!(!page.first("title").is_empty());
        let switch = page.attr("nav.language-switch a[hreflang]", "href");
        assert!(switch.starts_with(&format!("/{other}/")), "{path} switches to {switch}");
        assert!(pages.contains(&switch), "{path}: the switch leads to a page of the site: {switch}");
        let counterpart = app.get(&switch).await;
        assert_eq!(counterpart.status, 200);
        assert_eq!(counterpart.attr("nav.language-switch a[hreflang]", "href"), *path, "the way back from {switch}");
        // Nothing inline that the CSP would have to allow.
        let html = page.text();
        assert!(!html.contains("<script") && !html.contains(" style=") && !html.contains("<style"), "{path}");
        assert!(!html.contains("&#x2f;"), "URLs are not over-escaped: {path}");
    }
}

#[tokio::test]
async fn home_has_mission_about_strategies_and_whats_new() {
    let app = TestApp::with_demo().await;
    let en = app.get("/en/").await;
    assert_eq!(en.status, 200);
    let text = en.first("main");
    assert!(text.contains("works for social change by building and defending sustainable communities and economies"));
    assert!(text.contains("Our work is driven by mutual community accompaniment"));
    assert!(text.contains("first official sister city"));
    assert_eq!(en.texts("main ol li").len(), 5, "the five strategies");
    assert_eq!(en.texts("main ol li")[3], "Work in coalition as part of larger social movements");
    let cards = en.texts(".whats-new .card a");
    assert!(cards.iter().any(|c| c.starts_with(
        "The role of community organizing to confront climate change and forced migration in El Salvador"
    )));
    assert_eq!(en.first("nav.main-nav a[aria-current=page]"), "Home");

    let es = app.get("/es/").await;
    let text = es.first("main");
    assert!(text.contains("trabaja por el cambio social"), "{text}");
    assert!(text.contains("primera ciudad hermana oficial"));
    assert_eq!(es.texts("main ol li").len(), 5);
    assert_eq!(es.first(".whats-new h2"), "Novedades");
    assert_eq!(es.first("nav.main-nav a[aria-current=page]"), "Inicio");
    for typo in ["forsocial", "andeconomies", "isdriven", "it’s first", "it's first"] {
        assert!(!en.text().contains(typo) && !es.text().contains(typo), "{typo}");
    }
}

#[tokio::test]
async fn about_network_and_working_groups_carry_the_seed_facts() {
    let app = TestApp::with_demo().await;
    let about = app.get("/en/about-mascp").await.first("main");
    for fact in ["1986", "Common Council", "10", "15", "150", "Friends of MASCP", "USESSC"] {
        assert!(about.contains(fact), "about: {fact}");
    }
    let acerca = app.get("/es/quienes-somos").await.first("main");
    for fact in ["1986", "Concejo Municipal", "150", "Amigos de MASCP"] {
        assert!(acerca.contains(fact), "quiénes somos: {fact}");
    }
    let network = app.get("/en/our-network").await;
    let text = network.first("main");
    for fact in ["CRIPDES", "1986", "1980", "1992", "17"] {
        assert!(text.contains(fact), "network: {fact}");
    }
    assert!(network.attrs("main a", "href").iter().any(|h| h == "https://www.elsalvadorsolidarity.org/"));

    let groups = app.get("/en/working-groups").await;
    let titles = groups.texts(".cards h3");
    assert_eq!(titles, ["Migration", "Environment and Climate Change", "Historical Memory and U.S. Intervention"]);
    let grupos = app.get("/es/grupos-de-trabajo").await;
    assert_eq!(grupos.texts(".cards h3")[0], "Migración");
    for href in grupos.attrs(".cards a", "href") {
        assert!(href.starts_with("/es/grupos-de-trabajo/"), "{href}");
        assert_eq!(app.get(&href).await.status, 200);
    }
}

#[tokio::test]
async fn directory_lists_only_the_known_pairings() {
    let app = TestApp::with_demo().await;
    let page = app.get("/en/our-network/directory").await;
    let rows = page.texts("table.directory tbody tr");
    assert_eq!(rows.len(), 6, "{rows:?}");
    let all = rows.join(" | ");
    for pair in [
        ("Madison", "Arcatao"),
        ("Philadelphia", "Las Anonas"),
        ("Cambridge", "San José Las Flores"),
        ("Arlington", "Teosinte"),
        ("PICA", "Carasque"),
        ("Chicago", "Cinquera"),
    ] {
        assert!(rows.iter().any(|r| r.contains(pair.0) && r.contains(pair.1)), "{pair:?} in {all}");
    }
    assert!(rows.iter().any(|r| r.contains("Cambridge") && r.contains("1987")));
    assert!(rows.iter().any(|r| r.contains("Bangor, Maine") && r.contains("1991")));
    assert!(rows.iter().any(|r| r.contains("Chicago") && r.contains("Not recorded")));
    let es = app.get("/es/nuestra-red/directorio").await;
    assert_eq!(es.first("table.directory caption"), "Comités y sus comunidades hermanas");
    assert!(es.texts("table.directory tbody tr").iter().any(|r| r.contains("Sin dato")));
}

#[tokio::test]
async fn root_picks_the_language_from_cookie_then_header_then_organization() {
    let app = TestApp::with_demo().await;
    let plain = app.get("/").await;
    assert_eq!(plain.status, 302);
    assert_eq!(plain.location(), "/en/", "MASCP is an English-speaking committee");
    assert_eq!(app.get_with("/", &[("accept-language", "es-SV,es;q=0.9,en;q=0.5")]).await.location(), "/es/");
    assert_eq!(app.get_with("/", &[("accept-language", "fr, en;q=0.3")]).await.location(), "/en/");
    let cookie = app.get_with("/", &[("accept-language", "en"), ("cookie", "theme=x; lang=es")]).await;
    assert_eq!(cookie.location(), "/es/");
    assert!(plain.header("vary").unwrap().contains("Accept-Language"));
    assert_eq!(app.get("/es").await.location(), "/es/");
}

#[tokio::test]
async fn a_slug_of_the_other_language_redirects_to_this_languages_page() {
    let app = TestApp::with_demo().await;
    let response = app.get("/es/about-mascp").await;
    assert_eq!(response.status, 308);
    assert_eq!(response.location(), "/es/quienes-somos");
    assert_eq!(app.get("/en/about-mascp/").await.location(), "/en/about-mascp");
    assert_eq!(app.get("/en/home").await.location(), "/en/");
}

#[tokio::test]
async fn security_headers_on_every_response() {
    let app = TestApp::with_demo().await;
    for path in ["/en/", "/es/no-existe", "/healthz"] {
        let response = app.get(path).await;
        let csp = response.header("content-security-policy").unwrap();
        assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), "{path}");
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
        assert!(response.header("referrer-policy").is_some());
        if path != "/en/" {
            // Cache hits skip the request id: nothing is logged for them.
            assert!(response.header("x-request-id").is_some(), "{path}");
        }
        assert!(response.header("strict-transport-security").is_none(), "no HSTS without TLS");
    }
}

#[tokio::test]
async fn static_assets_are_fingerprinted_and_cached_for_a_year() {
    let app = TestApp::with_demo().await;
    let home = app.get("/en/").await;
    let css = home.attr("link[rel=stylesheet]", "href");
    assert!(css.starts_with("/static/hermana.") && css.ends_with(".css"), "{css}");
    let response = app.get_with(&css, &[("accept-encoding", "gzip")]).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.header("cache-control"), Some("public, max-age=31536000, immutable"));
    assert_eq!(response.header("content-encoding"), Some("gzip"));
    assert_eq!(app.get("/static/hermana.css").await.status, 404, "only fingerprinted names are served");
}
