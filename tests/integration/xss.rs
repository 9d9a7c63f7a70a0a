//! A corpus of cross-site scripting payloads stored in every text field a member can write, then
//! every page that shows them checked: nothing runs, whatever the field and the page.

use hermana::auth::roles::Role;
use scraper::{Html, Selector};

use crate::common::{Browser, TestApp};
use crate::xml::parse_xml;

const PASSWORD: &str = "una frase larga";

/// Script tags, event handlers, `javascript:` and `data:` URLs, SVG and MathML payloads, broken
/// and nested tags, attribute break-outs, and a template expression.
pub const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=\"x\" onerror=\"alert(1)\"",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<body onload=alert(1)>",
    "{{ 7*7 }}",
];

/// Fails when `html` holds anything that could run: an inline script or one from elsewhere than
/// the site's own files, an event-handler attribute, a script URL, an element that embeds
/// another document, or inline styles.
pub fn assert_inert(html: &str, page: &str) {
    let document = Html::parse_document(html);
    let all = Selector::parse("*").unwrap();
    for element in document.select(&all) {
        let name = element.value().name();
        assert!(
            !["iframe", "object", "embed", "svg", "math", "style", "base", "frame", "frameset"].contains(&name),
            "<{name}> on {page}"
        );
        if name == "script" {
            let src = element.value().attr("src").unwrap_or_default();
            assert!(src.starts_with("/static/"), "a script from {src:?} on {page}");
            assert!(element.text().all(|t| t.trim().is_empty()), "an inline script on {page}");
        }
        for (attribute, value) in element.value().attrs() {
            let attribute = attribute.to_ascii_lowercase();
            assert!(!attribute.starts_with("on"), "{attribute}= on <{name}> on {page}");
            assert_ne!(attribute, "style", "style= on <{name}> on {page}");
            let value: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
            let value = value.to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:text"] {
                assert!(!value.starts_with(scheme), "{attribute}=\"{value}\" on <{name}> on {page}");
            }
        }
    }
}

async fn editor(app: &TestApp) -> Browser {
    app.account("eva@example.org", PASSWORD, &[Role::Admin]).await;
    // The member's own name is shown in the admin header, the members list and the audit log.
    let hash = hermana::auth::password::hash(PASSWORD.to_owned()).await.unwrap();
    hermana::auth::model::upsert_account(app.db(), "eva@example.org", "<img src=x onerror=alert(1)>", "es", hash)
        .await
        .unwrap();
    app.sign_in("eva@example.org", PASSWORD).await
}

#[tokio::test]
async fn no_payload_in_any_field_reaches_a_page_alive() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let body = PAYLOADS.join("\n\n");
    let mut checked = Vec::new();
    for (n, payload) in PAYLOADS.iter().enumerate() {
        // The number keeps the addresses made from the titles apart.
        let title = format!("{payload} {n}");
        let created = eva
            .post(&app, "/es/admin/pages", &[("title", title.as_str()), ("language", "es"), ("kind", "article")])
            .await;
        assert_eq!(created.status, 303, "{payload}: {}", created.text());
        let editor_path = created.location().to_owned();
        let id: i64 = editor_path.rsplit('/').next().unwrap().parse().unwrap();
        let slug = format!("prueba-{n}");
        let fields = [("title", *payload), ("slug", slug.as_str()), ("summary", payload), ("body", body.as_str())];
        let saved =
            eva.post(&app, &format!("/es/admin/pages/{id}/es"), &[&fields[..], &[("action", "save")]].concat()).await;
        assert_eq!(saved.status, 303, "{payload}");
        let preview = eva
            .post(&app, &format!("/es/admin/pages/{id}/en"), &[&fields[..], &[("action", "preview")]].concat())
            .await;
        assert_inert(&preview.text(), &format!("the preview of {payload}"));
        let tag = if payload.chars().count() <= 40 { *payload } else { "x" };
        let details = [("author", *payload), ("published_at", ""), ("tags", tag), ("working_group", "")];
        let saved = eva.post(&app, &format!("/es/admin/pages/{id}/article"), &details).await;
        assert_eq!(saved.status, 303, "{payload}: {}", saved.text());
        assert_eq!(
            eva.post(&app, &format!("/es/admin/pages/{id}/status"), &[("status", "published")]).await.status,
            303
        );
        checked.push((editor_path, format!("/es/articulos/{slug}"), format!("/en/articles/{slug}")));
    }
    for (editor_path, spanish, english) in &checked {
        for path in [editor_path.as_str(), &format!("{editor_path}/es/history")] {
            let page = eva.get(&app, path).await;
            assert_eq!(page.status, 200, "{path}");
            assert_inert(&page.text(), path);
        }
        // The English address is still the one made from the first title: follow the redirect.
        let english = app.get(english).await.location().to_owned();
        for path in [spanish, &english] {
            let page = app.get(path).await;
            assert_eq!(page.status, 200, "{path}");
            assert_inert(&page.text(), path);
        }
    }
    let public = ["/es/", "/en/", "/es/articulos", "/en/articles", "/es/articulos?tag=x", "/es/buscar?q=alert"];
    for path in public {
        let page = app.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert_inert(&page.text(), path);
    }
    for path in ["/es/admin", "/es/admin/pages", "/es/admin/audit", "/es/admin/members"] {
        let page = eva.get(&app, path).await;
        assert_eq!(page.status, 200, "{path}");
        assert_inert(&page.text(), path);
    }
    // The template expression is shown as typed, never evaluated.
    assert!(app.get("/es/articulos").await.texts(".article-card h2 a").iter().any(|t| t == "{{ 7*7 }}"));
    // The feed parses as XML, and the HTML it carries is as inert as the pages.
    let feed = parse_xml(&app.get("/es/articulos/feed.xml").await.text());
    let entries: Vec<_> = feed.named("entry").collect();
    assert!(entries.len() >= PAYLOADS.len());
    for entry in entries {
        assert_inert(&entry.only("content").text, "the feed");
    }
}

#[tokio::test]
async fn no_payload_in_menus_images_or_supporters_reaches_a_page_alive() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let org = app.mascp().await;
    // Image descriptions: stored through the library's model, as an upload stores them.
    let tiny = image::RgbImage::from_pixel(8, 8, image::Rgb([10, 120, 60]));
    let mut png = Vec::new();
    tiny.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    let processed = hermana::media::process::process(&png).unwrap();
    let mut images = Vec::new();
    for pair in PAYLOADS.chunks(2) {
        let alt = hermana::media::model::AltTexts { es: pair[0].into(), en: pair[pair.len() - 1].into() };
        images.push(hermana::media::model::create(app.db(), org, &alt, &processed, None).await.unwrap().id);
    }
    // One page shows them all, and has one as its cover (its alt goes into `og:image:alt`).
    let about = hermana::content::model::page_by_key(app.db(), org, "about").await.unwrap().unwrap();
    let about_es = hermana::content::model::translations(app.db(), about.id)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.language == "es")
        .unwrap();
    let body: String = images.iter().map(|id| format!("![](media:{id})\n\n")).collect();
    app.save_translation(about_es.id, &about_es.title, &about_es.summary, &body).await;
    let cover = images[0].to_string();
    assert_eq!(eva.post(&app, &format!("/es/admin/pages/{}/cover", about.id), &[("cover", &cover)]).await.status, 303);

    // Menu labels (60 characters at most), on links of each kind.
    for payload in PAYLOADS.iter().filter(|p| p.chars().count() <= 60) {
        let added = eva.post(&app, "/es/admin/menus/es", &[("kind", "articles"), ("label", payload)]).await;
        assert_eq!(added.status, 303, "{payload}: {}", added.text());
    }

    // A supporter's name, place, tags and notes, as the core group writes them.
    let friend = hermana::supporters::list::page(app.db(), org, &Default::default(), None, 1).await.unwrap().0[0].id;
    let path = format!("/es/admin/supporters/{friend}");
    let details = [
        ("first_name", "<svg onload=alert(1)>"),
        ("last_name", "\"><script>alert(1)</script>"),
        ("email", "rosa@example.org"),
        ("place", "<img src=x onerror=alert(1)>"),
        ("language", "es"),
    ];
    assert_eq!(eva.post(&app, &path, &details).await.status, 303);
    for payload in PAYLOADS.iter().filter(|p| p.chars().count() <= 40) {
        eva.post(&app, &format!("{path}/tags"), &[("add", payload)]).await;
        assert_eq!(eva.post(&app, &format!("{path}/notes"), &[("body", payload)]).await.status, 303, "{payload}");
    }

    for path in ["/es/", "/en/", "/es/quienes-somos", "/en/about-mascp", "/es/articulos"] {
        let page = app.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert_inert(&page.text(), path);
    }
    let mut admin = vec![
        "/es/admin/media".to_owned(),
        "/es/admin/menus".to_owned(),
        format!("/es/admin/pages/{}", about.id),
        "/es/admin/supporters".to_owned(),
        path.clone(),
    ];
    admin.extend(images.iter().map(|id| format!("/es/admin/media/{id}")));
    for path in &admin {
        let page = eva.get(&app, path).await;
        assert_eq!(page.status, 200, "{path}");
        assert_inert(&page.text(), path);
    }
}

#[test]
fn the_check_catches_what_would_run() {
    for live in [
        "<p><img src=x onerror=alert(1)></p>",
        "<script>alert(1)</script>",
        "<a href=\" JaVa\tScRiPt:alert(1)\">x</a>",
        "<svg onload=alert(1)>",
        "<script src=\"https://evil.example/x.js\"></script>",
        "<div style=\"x\">y</div>",
        "<iframe src=\"/\"></iframe>",
    ] {
        let caught = std::panic::catch_unwind(|| assert_inert(live, "a sample"));
        assert!(caught.is_err(), "not caught: {live}");
    }
    assert_inert("<p>&lt;script&gt;alert(1)&lt;/script&gt; <a href=\"/es/\">ok</a></p>", "escaped text");
}

#[tokio::test]
async fn no_payload_in_a_segment_name_or_filter_reaches_a_page_alive() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let mut opened = Vec::new();
    for (n, payload) in PAYLOADS.iter().enumerate() {
        // The payload as the name and as the words searched for, so both travel through every page.
        let filter = serde_urlencoded::to_string([("q", *payload), ("place", *payload)]).unwrap();
        let name = format!("{payload} {n}");
        let saved = eva.post(&app, "/es/admin/supporters/segments", &[("name", &name), ("filter", &filter)]).await;
        assert_eq!(saved.status, 303, "{payload}: {}", saved.text());
        opened.push(saved.location().to_owned());
    }
    // A refused name is shown again as typed.
    let refused = eva.post(&app, "/es/admin/supporters/segments", &[("name", &format!("{} 0", PAYLOADS[0]))]).await;
    assert_eq!(refused.status, 422);
    assert_inert(&refused.text(), "the list with a refused segment name");
    let segments = hermana::supporters::segments::all(app.db(), app.mascp().await).await.unwrap();
    assert_eq!(segments.len(), PAYLOADS.len() + 1, "and the demo's");
    let refused = eva
        .post(&app, &format!("/en/admin/supporters/segments/{}", segments[0].id), &[("name", &segments[1].name)])
        .await;
    assert_eq!(refused.status, 422);
    assert_inert(&refused.text(), "the segments page with a refused rename");
    let mut pages = vec!["/es/admin/supporters".to_owned(), "/en/admin/supporters/segments".to_owned()];
    pages.extend(opened);
    pages.extend(segments.iter().map(|s| format!("/es/admin/supporters/export?segment={}", s.id)));
    pages.push("/es/admin/audit".to_owned());
    for path in &pages {
        let page = eva.get(&app, path).await;
        assert_eq!(page.status, 200, "{path}");
        assert_inert(&page.text(), path);
    }
}
