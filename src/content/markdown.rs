//! Rendered Markdown, kept per translation version so it is converted once. Library images
//! stay placeholders here (`media::embed::expand` fills them in per request), so replacing an
//! image or editing its alt text needs no invalidation.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};

const MAX_ENTRIES: usize = 4_096;

/// A translation's id and the time of the version that was rendered.
type Version = (i64, DateTime<Utc>);

/// Sanitized HTML of translations, keyed by translation id and its `updated_at`.
#[derive(Default)]
pub struct MarkdownCache {
    entries: RwLock<HashMap<Version, Arc<str>>>,
}

impl MarkdownCache {
    /// The HTML of `markdown`, from the cache when this version was rendered before.
    pub fn html(&self, id: i64, updated_at: DateTime<Utc>, markdown: &str) -> Arc<str> {
        let key = (id, updated_at);
        if let Some(html) = self.entries.read().ok().and_then(|e| e.get(&key).cloned()) {
            return html;
        }
        let html: Arc<str> =
            hermana_markdown::to_safe_html_with_embeds(markdown, Some(crate::media::embed::SCHEME)).into();
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.retain(|(entry_id, _), _| *entry_id != id);
            entries.insert(key, html.clone());
        }
        html
    }
}
