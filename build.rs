//! Embeds the templates and fingerprints the static assets at build time.

use std::fmt::Write as _;
use std::path::Path;

use sha2::{Digest, Sha256};

fn main() {
    minijinja_embed::embed_templates!("templates", &[".html", ".txt", ".xml"][..]);
    // The whole directory, so that a template added to a subdirectory is embedded too (the
    // macro names only the files that existed at the last build).
    println!("cargo::rerun-if-changed=templates");
    if let Err(error) = write_assets() {
        println!("cargo::error=static assets: {error}");
    }
}

/// Writes `assets.rs`: every file in `static/` with its fingerprinted name and content type.
fn write_assets() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=static");
    let mut files: Vec<_> = std::fs::read_dir("static")?.collect::<Result<_, _>>()?;
    files.sort_by_key(|entry| entry.file_name());
    let mut code = String::from("&[\n");
    for entry in files {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let (stem, extension) = name.rsplit_once('.').ok_or("static file without extension")?;
        let content_type = match extension {
            "css" => "text/css; charset=utf-8",
            "js" => "text/javascript; charset=utf-8",
            "svg" => "image/svg+xml",
            "png" => "image/png",
            "ico" => "image/x-icon",
            "webp" => "image/webp",
            "jpg" => "image/jpeg",
            other => return Err(format!("unknown static file type .{other}").into()),
        };
        let bytes = std::fs::read(&path)?;
        let hash = Sha256::digest(&bytes);
        let short: String = hash.iter().take(5).fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        });
        let absolute = Path::new(&std::env::var("CARGO_MANIFEST_DIR")?).join(&path);
        writeln!(
            code,
            "    Asset {{ name: {name:?}, path: \"{stem}.{short}.{extension}\", content_type: {content_type:?}, bytes: include_bytes!({absolute:?}) }},"
        )?;
    }
    code.push(']');
    let out = Path::new(&std::env::var("OUT_DIR")?).join("assets.rs");
    std::fs::write(out, code)?;
    Ok(())
}
