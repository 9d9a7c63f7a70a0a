//! Where an export is written: a staging directory beside the target, swapped in whole at the end.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context as _, bail};

/// Left in every export, so that the next one knows the directory is its own to replace.
const MARKER: &str = ".hermana-export";
const MARKER_TEXT: &str = "Written by `hermana export-static`; the next export replaces this whole directory.\n";

/// The directory an export is being written into. Dropped before [`Staging::commit`], it is
/// removed and the target is left as it was.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    /// Where the previous export is moved while the new one takes its place.
    previous: PathBuf,
    files: Files,
    committed: bool,
}

impl Staging {
    /// Checks that `target` may be replaced (absent, empty, or an earlier export), then creates
    /// the staging directory beside it, on the same file system so that a rename can swap them.
    pub fn create(target: &Path) -> anyhow::Result<Staging> {
        let target = std::path::absolute(target)?;
        let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
            bail!("{} cannot be an export directory: name a directory", target.display());
        };
        check_replaceable(&target)?;
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let dir = parent.join(sibling_name(name, "export"));
        let previous = parent.join(sibling_name(name, "previous"));
        std::fs::create_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let staging = Staging { files: Files::new(dir.clone()), target, dir, previous, committed: false };
        std::fs::write(staging.dir.join(MARKER), MARKER_TEXT)?;
        Ok(staging)
    }

    /// Writes into the staging directory; cheap to clone into concurrent tasks.
    pub fn files(&self) -> Files {
        self.files.clone()
    }

    /// The directory the export replaces.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Puts the finished export in the target's place, then removes the previous one.
    ///
    /// Two renames, not one: `rename` cannot replace a non-empty directory. Between them (a few
    /// microseconds) the target is absent; it is never half written.
    pub async fn commit(mut self) -> anyhow::Result<()> {
        check_replaceable(&self.target)?;
        let previous = match tokio::fs::symlink_metadata(&self.target).await {
            Ok(_) => {
                tokio::fs::rename(&self.target, &self.previous)
                    .await
                    .with_context(|| format!("cannot move the previous export {} aside", self.target.display()))?;
                Some(self.previous.clone())
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => None,
            Err(error) => return Err(error.into()),
        };
        if let Err(error) = tokio::fs::rename(&self.dir, &self.target).await {
            if let Some(previous) = &previous {
                let _ = tokio::fs::rename(previous, &self.target).await;
            }
            return Err(error).with_context(|| format!("cannot move the export into {}", self.target.display()));
        }
        self.committed = true;
        if let Some(previous) = previous
            && let Err(error) = tokio::fs::remove_dir_all(&previous).await
        {
            tracing::warn!(error = %error, "could not remove the previous export {}", previous.display());
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Refuses to replace anything but nothing, an empty directory, or an earlier export: a
/// mistyped `DIR` must never cost someone a folder.
fn check_replaceable(target: &Path) -> anyhow::Result<()> {
    let metadata = match std::fs::symlink_metadata(target) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error).with_context(|| format!("cannot read {}", target.display())),
    };
    if !metadata.is_dir() {
        bail!("{} exists and is not a directory; refusing to replace it", target.display());
    }
    let empty = std::fs::read_dir(target)?.next().is_none();
    if !empty && !target.join(MARKER).is_file() {
        bail!(
            "{} is not empty and was not written by `hermana export-static`; refusing to replace it",
            target.display()
        );
    }
    Ok(())
}

/// `.NAME.KIND-PID-NANOS`: hidden, unique, beside the target.
fn sibling_name(name: &std::ffi::OsStr, kind: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
    format!(".{}.{kind}-{}-{nanos}", name.to_string_lossy(), std::process::id())
}

/// Writes files under the staging directory by their URL path, counting them.
#[derive(Clone)]
pub struct Files {
    root: Arc<Path>,
    files: Arc<AtomicU64>,
    bytes: Arc<AtomicU64>,
}

impl Files {
    fn new(root: PathBuf) -> Files {
        Files { root: root.into(), files: Arc::default(), bytes: Arc::default() }
    }

    /// A page at its address, in the two forms static hosts look for: `/es/x` becomes
    /// `es/x.html` (what `/es/x` resolves to on GitHub Pages, Netlify, Cloudflare Pages and
    /// `try_files $uri $uri.html`) and `es/x/index.html` (what every other host reaches by
    /// redirecting `/es/x` to `/es/x/`); `/es/` becomes `es/index.html`.
    pub async fn page(&self, path: &str, body: &[u8]) -> io::Result<()> {
        if path.ends_with('/') {
            return self.file(&format!("{path}index.html"), body).await;
        }
        self.file(&format!("{path}.html"), body).await?;
        self.file(&format!("{path}/index.html"), body).await
    }

    /// A file at exactly its address: `/static/hermana.1a2b.css` → `static/hermana.1a2b.css`.
    pub async fn file(&self, path: &str, body: &[u8]) -> io::Result<()> {
        let file = self.root.join(relative(path)?);
        if let Some(parent) = file.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        tokio::fs::write(&file, body).await?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(body.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Files and bytes written so far.
    pub fn totals(&self) -> (u64, u64) {
        (self.files.load(Ordering::Relaxed), self.bytes.load(Ordering::Relaxed))
    }
}

/// A URL path as a path inside the export; anything that could climb out of it is refused.
fn relative(path: &str) -> io::Result<PathBuf> {
    let segments: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
    let safe = segments.iter().all(|s| !s.is_empty() && *s != "." && *s != ".." && !s.contains('\\'));
    if !safe {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("not a path to export: {path:?}")));
    }
    Ok(segments.iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_stay_inside_the_export() {
        assert_eq!(relative("/es/index.html").unwrap(), Path::new("es/index.html"));
        assert_eq!(relative("/static/hermana.1a2b.css").unwrap(), Path::new("static/hermana.1a2b.css"));
        for bad in ["/../etc/passwd", "/es/../../x", "/es//x", "/es/./x", "/", "/es\\..\\x"] {
            assert!(relative(bad).is_err(), "{bad}");
        }
    }
}
