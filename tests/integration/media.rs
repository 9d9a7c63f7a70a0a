//! The media library through the real router: uploads checked by content and size, metadata
//! stripped, variants stored in the database and served with stable addresses, images in
//! page text and as covers, replacement, deletion, and who may do it.

use std::io::Cursor;

use hermana::auth::roles::Role;
use hermana::content::model as content;
use hermana::media::entities::media_variant;
use hermana::media::model as media;
use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::common::{Browser, TestApp, TestResponse};

const PASSWORD: &str = "una frase larga";
const SECRET: &[u8] = b"HERMANA-GPS-SECRET";

async fn editor(app: &TestApp) -> Browser {
    app.account("eva@example.org", PASSWORD, &[Role::Editor]).await;
    app.sign_in("eva@example.org", PASSWORD).await
}

/// A photo-like picture: smooth light and color, plus sensor noise.
fn photo(width: u32, height: u32, seed: u32) -> RgbImage {
    let mut state = seed.wrapping_mul(2_654_435_761).max(1);
    RgbImage::from_fn(width, height, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let noise = (state % 24) as i32 - 12;
        let fx = x as f32 / width as f32;
        let fy = y as f32 / height as f32;
        let sky = (200.0 - 120.0 * fy + 30.0 * (fx * 9.0).sin()) as i32;
        let shade = |base: i32| (base + noise).clamp(0, 255) as u8;
        Rgb([shade(sky - 40 + seed as i32 % 50), shade(sky - 10), shade(120 + (80.0 * fx) as i32)])
    })
}

fn encode(image: &image::DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    image.write_to(&mut Cursor::new(&mut bytes), format).unwrap();
    bytes
}

fn jpeg(width: u32, height: u32, seed: u32) -> Vec<u8> {
    encode(&photo(width, height, seed).into(), ImageFormat::Jpeg)
}

/// A flat drawing with transparency, as PNG.
fn drawing_png(width: u32, height: u32) -> Vec<u8> {
    let image = RgbaImage::from_fn(width, height, |x, y| {
        if (x / 40 + y / 40) % 2 == 0 { Rgba([200, 60, 40, 255]) } else { Rgba([0, 0, 0, 0]) }
    });
    encode(&image.into(), ImageFormat::Png)
}

/// An EXIF block (APP1) with orientation 6 (turn 90° clockwise to show) and a GPS directory
/// holding [`SECRET`], put right after the JPEG's start marker.
fn with_exif(jpeg: &[u8]) -> Vec<u8> {
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend(2u16.to_be_bytes());
    tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]); // Orientation = 6
    tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]); // GPS directory at 38
    tiff.extend(0u32.to_be_bytes());
    tiff.extend(1u16.to_be_bytes());
    let count = (SECRET.len() + 1) as u8;
    tiff.extend([0x00, 0x12, 0, 2, 0, 0, 0, count, 0, 0, 0, 56]); // GPSMapDatum, text at 56
    tiff.extend(0u32.to_be_bytes());
    tiff.extend(SECRET);
    tiff.push(0);
    let mut segment = vec![0xFF, 0xE1];
    segment.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    segment.extend(b"Exif\0\0");
    segment.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend(segment);
    out.extend(&jpeg[2..]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend(data);
    chunk.extend(&body);
    chunk.extend(crc32(&body).to_be_bytes());
    chunk
}

/// A decompression bomb: a valid PNG header declaring 10000×10000 pixels, in a few dozen
/// bytes (the pixel data would be 100 MB once inflated).
fn png_bomb() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = 10_000u32.to_be_bytes().to_vec();
    header.extend(10_000u32.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]);
    png.extend(png_chunk(b"IHDR", &header));
    png.extend(png_chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
    png.extend(png_chunk(b"IEND", &[]));
    png
}

async fn upload(
    app: &TestApp,
    browser: &Browser,
    lang: &str,
    alts: (&str, &str),
    file: (&str, &str, &[u8]),
) -> TestResponse {
    browser
        .post_multipart(
            app,
            &format!("/{lang}/admin/media"),
            &[("alt_es", alts.0), ("alt_en", alts.1)],
            Some(("file", file.0, file.1, file.2)),
        )
        .await
}

/// Uploads an image and returns its id.
async fn uploaded(app: &TestApp, browser: &Browser, bytes: &[u8]) -> i64 {
    let response =
        upload(app, browser, "es", ("Mural en Arcatao", "Mural in Arcatao"), ("foto.png", "image/png", bytes)).await;
    assert_eq!(response.status, 303, "{}", response.text());
    response.location().split('/').next_back().unwrap().split('?').next().unwrap().parse().unwrap()
}

async fn variants(app: &TestApp, id: i64) -> Vec<media_variant::Model> {
    media_variant::Entity::find().filter(media_variant::Column::MediaId.eq(id)).all(app.db()).await.unwrap()
}

/// Puts `body` into the About page's translation in `lang`.
async fn about_with(app: &TestApp, lang: &str, body: &str) -> (i64, String) {
    let org = app.mascp().await;
    let page = content::page_by_key(app.db(), org, "about").await.unwrap().unwrap();
    let translation =
        content::translations(app.db(), page.id).await.unwrap().into_iter().find(|t| t.language == lang).unwrap();
    let saved = app.save_translation(translation.id, &translation.title, &translation.summary, body).await;
    (page.id, content::path_of(&page, &saved))
}

#[tokio::test]
async fn an_upload_loses_its_metadata_keeps_its_orientation_and_gets_three_widths() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let file = with_exif(&jpeg(1700, 1000, 7));
    assert!(file.windows(SECRET.len()).any(|w| w == SECRET), "the fixture carries the GPS block");
    let response =
        upload(&app, &eva, "es", ("Cosecha de café", "Coffee harvest"), ("IMG_0001.JPG", "image/jpeg", &file)).await;
    assert_eq!(response.status, 303, "{}", response.text());
    let id: i64 = response.location().split('/').next_back().unwrap().split('?').next().unwrap().parse().unwrap();

    let item = media::find(app.db(), app.mascp().await, id).await.unwrap().unwrap();
    assert_eq!((item.width, item.height), (1000, 1700), "turned upright by its EXIF orientation");
    let stored = variants(&app, id).await;
    for variant in &stored {
        assert!(
            !variant.bytes.windows(SECRET.len()).any(|w| w == SECRET),
            "GPS in {} {}",
            variant.slot,
            variant.format
        );
        assert!(!variant.bytes.windows(6).any(|w| w == b"Exif\0\0"), "EXIF in {} {}", variant.slot, variant.format);
    }
    let mut jpegs: Vec<_> = stored.iter().filter(|v| v.format == "jpeg").map(|v| (v.slot, v.width, v.height)).collect();
    jpegs.sort();
    assert_eq!(jpegs, [(480, 480, 816), (960, 960, 1632), (1600, 1000, 1700)], "never wider than the original");

    // Served from the database, re-encoded, with validators.
    for (slot, width) in [(480, 480), (960, 960), (1600, 1000)] {
        let served = app.get(&format!("/media/{id}/{slot}.jpg")).await;
        assert_eq!(served.status, 200);
        assert_eq!(served.header("content-type"), Some("image/jpeg"));
        assert!(!served.body.windows(SECRET.len()).any(|w| w == SECRET));
        let decoded = image::load_from_memory(&served.body).unwrap();
        assert_eq!(decoded.width(), width);
    }
    let stable = app.get(&format!("/media/{id}/480.jpg")).await;
    assert_eq!(stable.header("cache-control"), Some("public, max-age=3600"));
    let etag = stable.header("etag").unwrap().to_owned();
    let again = app.get_with(&format!("/media/{id}/480.jpg"), &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    let modified = stable.header("last-modified").unwrap().to_owned();
    assert_eq!(app.get_with(&format!("/media/{id}/480.jpg"), &[("if-modified-since", &modified)]).await.status, 304);
    let versioned = app.get(&format!("/media/{id}/480.jpg?v=1")).await;
    assert_eq!(versioned.header("cache-control"), Some("public, max-age=31536000, immutable"));
    for missing in ["/media/{id}/481.jpg", "/media/{id}/480.gif", "/media/{id}/480", "/media/999999/480.jpg"] {
        assert_eq!(app.get(&missing.replace("{id}", &id.to_string())).await.status, 404, "{missing}");
    }
}

#[tokio::test]
async fn png_and_webp_uploads_are_accepted_and_drawings_get_webp() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let drawing = uploaded(&app, &eva, &drawing_png(800, 400)).await;
    let formats: Vec<_> = variants(&app, drawing).await.iter().map(|v| v.format.clone()).collect();
    assert_eq!(formats.iter().filter(|f| *f == "webp").count(), 3, "transparency needs WebP: {formats:?}");
    let webp = app.get(&format!("/media/{drawing}/960.webp")).await;
    assert_eq!((webp.status.as_u16(), webp.header("content-type")), (200, Some("image/webp")));
    assert_eq!(image::load_from_memory(&webp.body).unwrap().width(), 800);

    let webp_file = encode(&photo(300, 200, 3).into(), ImageFormat::WebP);
    let response = upload(&app, &eva, "en", ("Foto", "Photo"), ("photo.webp", "image/webp", &webp_file)).await;
    assert_eq!(response.status, 303, "{}", response.text());
}

/// The upload form after a refusal: its status, the file's message, and the alt texts kept.
fn refused(response: &TestResponse) -> (u16, String, String, String) {
    (
        response.status.as_u16(),
        response.texts("#file-error").join(" "),
        response.attr("#alt_es", "value"),
        response.attr("#alt_en", "value"),
    )
}

#[tokio::test]
async fn what_is_not_a_reasonable_image_is_refused_with_a_message_and_the_alt_texts_kept() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let alts = ("Una asamblea", "An assembly");

    let text = upload(&app, &eva, "es", alts, ("foto.jpg", "image/jpeg", b"Hola, no soy una imagen.\n")).await;
    assert_eq!(
        refused(&text),
        (
            422,
            "Este archivo no es una imagen JPEG, PNG o WebP (o está dañado). Por favor elija una foto o imagen.".into(),
            alts.0.into(),
            alts.1.into()
        )
    );

    let bomb = png_bomb();
    assert!(bomb.len() < 100);
    let started = std::time::Instant::now();
    let refused_bomb = upload(&app, &eva, "en", alts, ("small.png", "image/png", &bomb)).await;
    assert_eq!(refused_bomb.status, 422);
    assert_eq!(
        refused_bomb.first("#file-error"),
        "This image is too large (more than 40 megapixels). Please make it smaller and try again."
    );
    assert!(started.elapsed().as_secs() < 5, "refused from its header, without decoding 100 megapixels");

    let mut huge = jpeg(64, 64, 1);
    huge.resize(20 * 1024 * 1024 + 1, 0);
    let too_big = upload(&app, &eva, "es", alts, ("grande.jpg", "image/jpeg", &huge)).await;
    assert_eq!(
        refused(&too_big),
        (422, "Este archivo pesa más de 20 MB. Por favor elija uno más liviano.".into(), alts.0.into(), alts.1.into())
    );

    let no_alt = upload(&app, &eva, "en", ("", "A mural"), ("mural.jpg", "image/jpeg", &jpeg(64, 64, 2))).await;
    assert_eq!(no_alt.status, 422);
    assert_eq!(no_alt.first("#alt_es-error"), "Please describe the picture in this language.");
    assert_eq!(no_alt.attr("#alt_en", "value"), "A mural");

    let no_file = eva.post_multipart(&app, "/en/admin/media", &[("alt_es", "a"), ("alt_en", "b")], None).await;
    assert_eq!(no_file.first("#file-error"), "Please choose an image file.");
    assert!(media::list(app.db(), app.mascp().await).await.unwrap().is_empty(), "nothing was stored");
}

#[tokio::test]
async fn pages_show_library_images_as_pictures_in_their_language() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let id = uploaded(&app, &eva, &drawing_png(1000, 500)).await;
    let body = format!("Texto.\n\n{}\n\n![](media:999999)\n\n![](media:nada)", hermana::media::embed::snippet(id));
    let (_, es_path) = about_with(&app, "es", &body).await;
    let (_, en_path) = about_with(&app, "en", &body.replace("Texto", "Text")).await;

    for (path, alt) in [(&es_path, "Mural en Arcatao"), (&en_path, "Mural in Arcatao")] {
        let page = app.get(path).await;
        assert_eq!(page.status, 200);
        assert_eq!(page.texts(".prose picture").len(), 1, "one picture, nothing for the unknown ids");
        let img = |attribute: &str| page.attr(".prose picture img", attribute);
        assert_eq!(img("alt"), alt);
        assert_eq!((img("loading").as_str(), img("decoding").as_str()), ("lazy", "async"));
        assert_eq!((img("width").as_str(), img("height").as_str()), ("1000", "500"));
        assert_eq!(
            img("srcset"),
            format!("/media/{id}/480.jpg?v=1 480w, /media/{id}/960.jpg?v=1 960w, /media/{id}/1600.jpg?v=1 1000w")
        );
        assert!(img("sizes").contains("42rem"));
        assert_eq!(page.attr(".prose picture source", "type"), "image/webp");
        assert!(page.attr(".prose picture source", "srcset").starts_with(&format!("/media/{id}/480.webp?v=1 480w")));
        assert!(!page.text().contains("media:"), "unknown ids leave nothing behind");
    }

    // Replacing keeps the addresses and changes the bytes, on the page too.
    let before = app.get(&format!("/media/{id}/960.jpg")).await.body;
    let replaced = eva
        .post_multipart(
            &app,
            &format!("/es/admin/media/{id}/replace"),
            &[],
            Some(("file", "nuevo.jpg", "image/jpeg", &jpeg(1800, 900, 9))),
        )
        .await;
    assert_eq!(replaced.status, 303, "{}", replaced.text());
    let after = app.get(&format!("/media/{id}/960.jpg")).await;
    assert_eq!(after.status, 200);
    assert_ne!(after.body, before);
    assert_eq!(image::load_from_memory(&after.body).unwrap().height(), 480);
    let page = app.get(&en_path).await;
    assert!(page.attr(".prose picture img", "srcset").contains(&format!("/media/{id}/1600.jpg?v=2 1600w")));
    assert_eq!(page.attr(".prose picture img", "height"), "800");
}

#[tokio::test]
async fn a_cover_gives_the_page_an_og_image_and_cannot_be_deleted() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let id = uploaded(&app, &eva, &jpeg(1800, 900, 4)).await;
    let (page_id, es_path) = about_with(&app, "es", "Sin imagen en el texto.").await;

    let editor_page = eva.get(&app, &format!("/es/admin/pages/{page_id}")).await;
    assert_eq!(editor_page.attrs("#cover-select option", "value"), ["".to_owned(), id.to_string()]);
    let set = eva.post(&app, &format!("/es/admin/pages/{page_id}/cover"), &[("cover", &id.to_string())]).await;
    assert_eq!(set.status, 303);
    assert_eq!(
        eva.get(&app, &format!("/es/admin/pages/{page_id}")).await.attr("#cover-select option[selected]", "value"),
        id.to_string()
    );

    let page = app.get(&es_path).await;
    let meta = |property: &str| page.attr(&format!("meta[property=\"{property}\"]"), "content");
    let origin = meta("og:url").split('/').take(3).collect::<Vec<_>>().join("/");
    assert_eq!(meta("og:image"), format!("{origin}/media/{id}/1600.jpg?v=1"));
    assert!(origin.starts_with("http"), "{origin}");
    assert_eq!((meta("og:image:width").as_str(), meta("og:image:height").as_str()), ("1600", "800"));
    assert_eq!(meta("og:image:alt"), "Mural en Arcatao");
    let (_, en_path) = about_with(&app, "en", "No picture in the text.").await;
    assert_eq!(app.get(&en_path).await.attr("meta[property=\"og:image:alt\"]", "content"), "Mural in Arcatao");

    let refused = eva.post(&app, &format!("/en/admin/media/{id}/delete"), &[]).await;
    assert_eq!(refused.status, 422);
    assert!(refused.first(".form-error").starts_with("This image was not deleted: it is the cover of a page"));
    assert_eq!(app.get(&format!("/media/{id}/480.jpg")).await.status, 200);

    eva.post(&app, &format!("/es/admin/pages/{page_id}/cover"), &[("cover", "")]).await;
    let deleted = eva.post(&app, &format!("/en/admin/media/{id}/delete"), &[]).await;
    assert_eq!(deleted.status, 303);
    assert_eq!(app.get(&format!("/media/{id}/480.jpg")).await.status, 404);
    assert!(variants(&app, id).await.is_empty());
    assert!(app.get(&es_path).await.attrs("meta[property=\"og:image\"]", "content").is_empty());

    app.account("ana@example.org", PASSWORD, &[Role::Admin]).await;
    let ana = app.sign_in("ana@example.org", PASSWORD).await;
    let audit = ana.get(&app, "/en/admin/audit").await.texts("td");
    for action in ["Uploaded an image", "Deleted an image", "Chose a page's cover image"] {
        assert!(audit.iter().any(|t| t == action), "{action} is audited: {audit:?}");
    }
}

#[tokio::test]
async fn alt_texts_can_be_edited_and_are_required() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let id = uploaded(&app, &eva, &drawing_png(100, 100)).await;
    let show = eva.get(&app, &format!("/es/admin/media/{id}")).await;
    assert_eq!(show.attr("#snippet", "value"), format!("![](media:{id})"));
    let bad = eva.post(&app, &format!("/es/admin/media/{id}/alt"), &[("alt_es", "Nuevo"), ("alt_en", " ")]).await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.first("#alt_en-error"), "Por favor describa la imagen en este idioma.");
    assert_eq!(bad.attr("#alt_es", "value"), "Nuevo");
    let good = eva.post(&app, &format!("/es/admin/media/{id}/alt"), &[("alt_es", "Nuevo"), ("alt_en", "New")]).await;
    assert_eq!(good.status, 303);
    let item = media::find(app.db(), app.mascp().await, id).await.unwrap().unwrap();
    assert_eq!((item.alt_es.as_str(), item.alt_en.as_str()), ("Nuevo", "New"));
    let list = eva.get(&app, "/en/admin/media").await;
    assert_eq!(list.texts(".media-grid li"), ["New"]);
}

#[tokio::test]
async fn only_editors_and_admins_use_the_library() {
    let app = TestApp::with_demo().await;
    for role in [Role::Treasurer, Role::Organizer] {
        let email = format!("{}@example.org", role.code());
        app.account(&email, PASSWORD, &[role]).await;
        let browser = app.sign_in(&email, PASSWORD).await;
        assert_eq!(browser.get(&app, "/es/admin/media").await.status, 403, "{role:?}");
        let response = upload(&app, &browser, "es", ("a", "b"), ("a.png", "image/png", &drawing_png(10, 10))).await;
        assert_eq!(response.status, 403, "{role:?}");
    }
    let signed_out = Browser::new().get(&app, "/es/admin/media").await;
    assert_eq!(signed_out.status, 303);
    assert_eq!(signed_out.location(), "/es/login?next=/es/admin/media");
    let eva = editor(&app).await;
    assert_eq!(eva.get(&app, "/es/admin/media").await.status, 200);
    assert!(media::list(app.db(), app.mascp().await).await.unwrap().is_empty());
}
