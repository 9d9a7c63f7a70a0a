//! Turns an outbox row into the RFC 5322 message that goes out: multipart/alternative with a
//! plain text part and an HTML part, quoted-printable, with the stored `Message-ID`.
//!
//! Everything is derived from the row (the date is when it was queued, the MIME boundary
//! comes from the `Message-ID`), so the same row always gives the same bytes.

use std::time::SystemTime;

use lettre::Message;
use lettre::message::header::{ContentTransferEncoding, ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment as AttachmentPart, Body, Mailbox, MultiPart, SinglePart};

use super::model::{Attachment, Email};

/// The `Content-Language` header, which lettre does not define.
#[derive(Clone)]
struct ContentLanguage(String);

impl Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ContentLanguage(s.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// Builds the message for `email`, from `from`.
pub fn build(email: &Email, from: &Mailbox) -> Result<Message, lettre::error::Error> {
    let address = email.to_address.parse().map_err(|_| lettre::error::Error::MissingTo)?;
    let to = Mailbox::new(email.to_name.clone(), address);
    let builder = Message::builder()
        .message_id(Some(email.message_id.clone()))
        .date(SystemTime::from(email.created_at))
        .from(from.clone())
        .to(to)
        .subject(email.subject.clone())
        .header(ContentLanguage(email.language.clone()));
    let builder = extra_headers(email).into_iter().fold(builder, |b, header| b.raw_header(header));
    let text = part(ContentType::TEXT_PLAIN, &email.text_body);
    let attachments = attachments(email);
    if attachments.is_empty() {
        return match &email.html_body {
            Some(html) => builder.multipart(
                MultiPart::alternative()
                    .boundary(boundary(&email.message_id))
                    .singlepart(text)
                    .singlepart(part(ContentType::TEXT_HTML, html)),
            ),
            None => builder.singlepart(text),
        };
    }
    // multipart/mixed: the bodies first, then each attachment.
    let mixed = MultiPart::mixed().boundary(format!("{}_mixed", boundary(&email.message_id)));
    let mut mixed = match &email.html_body {
        Some(html) => mixed.multipart(
            MultiPart::alternative()
                .boundary(boundary(&email.message_id))
                .singlepart(text)
                .singlepart(part(ContentType::TEXT_HTML, html)),
        ),
        None => mixed.singlepart(text),
    };
    for attachment in attachments {
        let content_type = ContentType::parse(&attachment.content_type).unwrap_or(ContentType::TEXT_PLAIN);
        let body = Body::new_with_encoding(attachment.content.clone(), ContentTransferEncoding::QuotedPrintable)
            .unwrap_or_else(|_| Body::new(attachment.content.clone()));
        mixed = mixed.singlepart(AttachmentPart::new(attachment.filename).body(body, content_type));
    }
    builder.multipart(mixed)
}

/// The email's attachments (checked when it was queued).
fn attachments(email: &Email) -> Vec<Attachment> {
    email.attachments.as_deref().and_then(|stored| serde_json::from_str(stored).ok()).unwrap_or_default()
}

/// The email's extra headers (checked to be printable ASCII when it was queued).
fn extra_headers(email: &Email) -> Vec<HeaderValue> {
    let Some(stored) = &email.headers else { return Vec::new() };
    let pairs: Vec<(String, String)> = serde_json::from_str(stored).unwrap_or_default();
    pairs
        .into_iter()
        .filter_map(|(name, value)| HeaderName::new_from_ascii(name).ok().map(|name| HeaderValue::new(name, value)))
        .collect()
}

/// Quoted-printable keeps the Spanish text readable in the raw message and safe for any server.
fn part(content_type: ContentType, text: &str) -> SinglePart {
    let body = Body::new_with_encoding(text.to_owned(), ContentTransferEncoding::QuotedPrintable)
        .unwrap_or_else(|_| Body::new(text.to_owned()));
    SinglePart::builder().header(content_type).body(body)
}

/// A boundary that cannot occur in quoted-printable text (`=_` never does) and is the same
/// every time this message is built.
fn boundary(message_id: &str) -> String {
    let id: String = message_id.chars().filter(char::is_ascii_alphanumeric).take(40).collect();
    format!("=_hermana_{id}")
}
