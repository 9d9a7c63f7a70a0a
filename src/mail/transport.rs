//! Where email goes: an SMTP server (lettre over rustls), or `.eml` files in the data
//! directory when no SMTP host is configured, so nothing is silently dropped.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::bail;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{ServeConfig, SmtpTls};

/// How long one SMTP command may take; well below the job lease (5 minutes), so an attempt
/// never outlives the claim that started it.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// How email leaves this installation, for the admin pages to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MailMode {
    Smtp {
        host: String,
        port: u16,
        tls: SmtpTls,
        user: Option<String>,
    },
    /// No SMTP server: each message is written to `dir` as `<Message-ID>.eml`.
    Files {
        dir: PathBuf,
    },
}

impl fmt::Display for MailMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MailMode::Smtp { host, port, tls, .. } => write!(f, "SMTP {host}:{port} ({tls:?})"),
            MailMode::Files { dir } => write!(f, ".eml files in {}", dir.display()),
        }
    }
}

/// The mail mode the configuration selects.
pub fn mail_mode(config: &ServeConfig) -> MailMode {
    match config.mail.smtp_host.as_deref().map(str::trim) {
        Some(host) if !host.is_empty() => MailMode::Smtp {
            host: host.to_owned(),
            port: config.mail.smtp_port,
            tls: config.mail.smtp_tls,
            user: config.mail.smtp_user.clone(),
        },
        _ => MailMode::Files { dir: config.database.data_dir.join("mail") },
    }
}

/// Why a delivery attempt failed.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("writing the .eml file: {0}")]
    File(#[from] std::io::Error),
}

impl DeliveryError {
    /// The server refused for good (5xx): another attempt would be refused too.
    pub fn is_permanent(&self) -> bool {
        matches!(self, DeliveryError::Smtp(e) if e.is_permanent())
    }
}

/// Sends messages. One per process; the SMTP connections are pooled.
pub struct Mailer {
    pub from: Mailbox,
    mode: MailMode,
    transport: Transport,
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

impl Mailer {
    /// The mailer the configuration asks for; refuses plain-text SMTP to another machine.
    pub fn new(config: &ServeConfig) -> anyhow::Result<Mailer> {
        let mode = mail_mode(config);
        let transport = match &mode {
            MailMode::Files { dir } => Transport::Files(dir.clone()),
            MailMode::Smtp { host, port, tls, .. } => {
                let tls = match tls {
                    SmtpTls::Starttls => Tls::Required(TlsParameters::new(host.clone())?),
                    SmtpTls::Tls => Tls::Wrapper(TlsParameters::new(host.clone())?),
                    SmtpTls::None if is_local(host) => Tls::None,
                    SmtpTls::None => bail!(
                        "HERMANA_SMTP_TLS=none sends mail and passwords in clear text; it is \
                         allowed only for an SMTP server on this machine, not {host}"
                    ),
                };
                let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
                    .port(*port)
                    .tls(tls)
                    .timeout(Some(SMTP_TIMEOUT));
                match (&config.mail.smtp_user, &config.mail.smtp_password) {
                    (Some(user), Some(password)) => {
                        builder = builder.credentials(Credentials::new(user.clone(), password.0.clone()));
                    }
                    (None, None) => {}
                    _ => bail!("set both HERMANA_SMTP_USER and HERMANA_SMTP_PASSWORD, or neither"),
                }
                Transport::Smtp(builder.build())
            }
        };
        Ok(Mailer { from: config.mail.mail_from.clone(), mode, transport })
    }

    pub fn mode(&self) -> &MailMode {
        &self.mode
    }

    /// Hands `message` to the SMTP server, or writes it as a file. `Ok` means it is out of
    /// our hands: the server accepted it, or the file is in place (written now or before).
    pub async fn deliver(&self, message: Message, message_id: &str) -> Result<(), DeliveryError> {
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message).await?;
                Ok(())
            }
            Transport::Files(dir) => {
                let (dir, name) = (dir.clone(), file_name(message_id));
                let bytes = message.formatted();
                tokio::task::spawn_blocking(move || write_file(&dir, &name, &bytes))
                    .await
                    .map_err(std::io::Error::other)??;
                Ok(())
            }
        }
    }
}

fn is_local(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "::1" | "[::1]")
}

/// `<abc@example.org>` → `abc@example.org.eml`, keeping only characters safe in file names.
pub fn file_name(message_id: &str) -> String {
    let stem: String =
        message_id.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '-' | '_')).collect();
    format!("{stem}.eml")
}

/// Writes `dir/name` all at once: into a temporary file, synced, then renamed into place, so a
/// crash leaves either no file or the whole file. An existing file means it was written
/// before (a repeated attempt): it is left alone.
fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let path = dir.join(name);
    if path.try_exists()? {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    static TEMP: AtomicU64 = AtomicU64::new(0);
    let temp = dir.join(format!(".{name}.{}-{}.tmp", std::process::id(), TEMP.fetch_add(1, Ordering::Relaxed)));
    let mut file = std::fs::File::create(&temp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temp, &path)?;
    // Make the rename itself durable.
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_only_safe_characters() {
        assert_eq!(file_name("<ab12@mascp.org>"), "ab12@mascp.org.eml");
        assert_eq!(file_name("<../../etc/passwd>"), "....etcpasswd.eml");
    }
}
