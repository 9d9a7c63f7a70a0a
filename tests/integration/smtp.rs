//! A small SMTP server on 127.0.0.1 for the mail tests: enough of RFC 5321 for lettre
//! (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), no TLS. It records every message it
//! accepts, raw, in order. It can be told to refuse messages (451 to DATA) for a while.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

#[derive(Default)]
struct Shared {
    accepted: Mutex<Vec<Vec<u8>>>,
    refusing: AtomicBool,
    /// Held between accepting a message and saying so.
    reply_delay: Mutex<Duration>,
    refused: Mutex<Vec<Instant>>,
}

pub struct SmtpServer {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpServer {
    pub async fn start() -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared::default());
        let task = {
            let shared = shared.clone();
            tokio::spawn(async move {
                while let Ok((stream, _)) = listener.accept().await {
                    tokio::spawn(session(stream, shared.clone()));
                }
            })
        };
        SmtpServer { addr, shared, task }
    }

    /// From now on, answer `451` to `DATA` (true) or accept again (false).
    pub fn refuse(&self, refusing: bool) {
        self.shared.refusing.store(refusing, Ordering::SeqCst);
    }

    /// From now on, wait this long between accepting a message and replying `250`: the window
    /// in which the sender cannot know yet that the message is out.
    pub fn delay_replies(&self, delay: Duration) {
        *self.shared.reply_delay.lock().unwrap() = delay;
    }

    /// When each refusal happened.
    pub fn refusal_times(&self) -> Vec<Instant> {
        self.shared.refused.lock().unwrap().clone()
    }

    /// Every accepted message, raw.
    pub fn messages(&self) -> Vec<Vec<u8>> {
        self.shared.accepted.lock().unwrap().clone()
    }

    /// Waits until `count` messages were accepted (at most 20 s), and returns them all.
    pub async fn wait_for(&self, count: usize) -> Vec<Vec<u8>> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the SMTP server received {} of {count} messages",
                messages.len()
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

async fn session(stream: TcpStream, shared: Arc<Shared>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 test.local ESMTP\r\n").await?;
    let mut line = Vec::new();
    loop {
        line.clear();
        if lines.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let command = String::from_utf8_lossy(&line).trim_end().to_ascii_uppercase();
        let verb = command.split(' ').next().unwrap_or_default();
        let reply: &[u8] = match verb {
            "EHLO" => b"250-test.local\r\n250 8BITMIME\r\n",
            "HELO" | "MAIL" | "RCPT" | "RSET" | "NOOP" => b"250 OK\r\n",
            "QUIT" => {
                write.write_all(b"221 Bye\r\n").await?;
                return Ok(());
            }
            "DATA" if shared.refusing.load(Ordering::SeqCst) => {
                shared.refused.lock().unwrap().push(Instant::now());
                b"451 4.3.0 Try again later\r\n"
            }
            "DATA" => {
                write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await?;
                let message = read_data(&mut lines).await?;
                // Accepted (recorded) before the reply, as a real server commits first.
                shared.accepted.lock().unwrap().push(message);
                let delay = *shared.reply_delay.lock().unwrap();
                tokio::time::sleep(delay).await;
                b"250 2.0.0 Queued\r\n"
            }
            _ => b"502 5.5.2 Command not recognized\r\n",
        };
        write.write_all(reply).await?;
    }
}

/// Reads a message up to the lone `.` line, undoing dot-stuffing.
async fn read_data(lines: &mut BufReader<tokio::net::tcp::OwnedReadHalf>) -> std::io::Result<Vec<u8>> {
    let mut message = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if lines.read_until(b'\n', &mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == b".\r\n" {
            return Ok(message);
        }
        let unstuffed = if line.starts_with(b"..") { &line[1..] } else { &line[..] };
        message.extend_from_slice(unstuffed);
    }
}
