//! The real binary: `hermana serve` on a fresh data directory creates and fills the database,
//! prints a one-time setup link (no account exists yet), and serves it over TCP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Kills the server when the test ends, whatever happens.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn a_fresh_start_prints_a_setup_link_that_opens_the_invitation_page() {
    let data = std::env::temp_dir().join(format!("hermana-serve-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(env!("CARGO_BIN_EXE_hermana"))
        .arg("serve")
        .env("HERMANA_DATA_DIR", &data)
        .env("HERMANA_LISTEN", format!("127.0.0.1:{port}"))
        .env_remove("HERMANA_DATABASE_URL")
        .env_remove("HERMANA_BASE_URL")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let stdout = server.0.stdout.take().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut link = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if let Some(start) = line.find("http://") {
            link = Some(line[start..].trim().to_owned());
            break;
        }
        assert!(Instant::now() < deadline, "no setup link printed");
    }
    let link = link.expect("the server printed a setup link");
    let address = format!("127.0.0.1:{port}");
    assert!(link.starts_with(&format!("http://{address}/en/invitation/")), "{link}");
    let path = &link[format!("http://{address}").len()..];
    let page = get(&address, path);
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("Join the core group"));
    let home = get(&address, "/es/");
    assert!(home.starts_with("HTTP/1.1 200") && home.contains("Proyecto Ciudad Hermana Madison Arcatao"));
    drop(server);
    let _ = std::fs::remove_dir_all(&data);
}
