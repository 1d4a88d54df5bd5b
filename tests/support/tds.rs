//! An in-test SQL Server: enough TDS 7.4 on 127.0.0.1 for the real `tiberius` client of
//! `overstap::sql` — prelogin (no encryption, TLS on request, or TLS required; the handshake
//! inside PRELOGIN packets with a self-signed test certificate from `tests/fixtures/tls`),
//! LOGIN7 with a checked password, SQL batches and RPCs (`sp_executesql` and named procedures)
//! answered with result sets, errors, transactions (`BEGIN`/`COMMIT`/`ROLLBACK` with their
//! ENVCHANGE tokens), and attention (cancel) while a slow query runs.
//!
//! It is no SQL engine: it recognises the statements Overstap sends and answers them from
//! fixture tables, evaluating the parts that matter (which table, which columns, the `LIKE`
//! patterns from the parameters, the row key). Anything else gets error 102, so a statement that
//! changes shape fails the tests. Every request is logged for the tests to assert on (quoted
//! names, parameters instead of literals, one round trip per table).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A parameter or cell value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Text(String),
    Int(i64),
}

impl Value {
    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }
    fn as_string(&self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::Text(t) => Some(t.clone()),
            Value::Int(n) => Some(n.to_string()),
        }
    }
}

/// What the client sent, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    Login {
        user: String,
        database: String,
    },
    Batch(String),
    Rpc {
        procedure: String,
        params: Vec<(String, Value)>,
    },
    Attention,
}

impl Request {
    /// The statement text of a batch or `sp_executesql`.
    pub fn statement(&self) -> Option<&str> {
        match self {
            Request::Batch(sql) => Some(sql),
            Request::Rpc { procedure, params } if procedure == "sp_executesql" => {
                params.first().and_then(|(_, v)| v.text())
            }
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColType {
    NVarChar,
    VarChar,
    NText,
    Int,
}

impl ColType {
    fn name(self) -> &'static str {
        match self {
            ColType::NVarChar => "nvarchar",
            ColType::VarChar => "varchar",
            ColType::NText => "ntext",
            ColType::Int => "int",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Table {
    pub schema: String,
    pub name: String,
    pub columns: Vec<(String, ColType)>,
    pub keys: Vec<String>,
    pub rows: Vec<Vec<Option<String>>>,
    /// SELECT is refused (error 229).
    pub denied: bool,
    /// Each query on the table takes this long (attention ends it early).
    pub delay: Duration,
}

impl Table {
    pub fn new(name: &str, columns: &[(&str, ColType)], keys: &[&str]) -> Table {
        Table {
            schema: "dbo".into(),
            name: name.into(),
            columns: columns.iter().map(|(n, t)| ((*n).to_owned(), *t)).collect(),
            keys: keys.iter().map(|k| (*k).to_owned()).collect(),
            rows: Vec::new(),
            denied: false,
            delay: Duration::ZERO,
        }
    }

    pub fn row(mut self, values: &[Option<&str>]) -> Table {
        self.rows
            .push(values.iter().map(|v| v.map(str::to_owned)).collect());
        self
    }

    fn column(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|(c, _)| c.eq_ignore_ascii_case(name))
    }
}

#[derive(Clone, Debug)]
pub struct Database {
    pub name: String,
    pub state: String,
    pub accessible: bool,
    pub tables: Vec<Table>,
    /// After this many table queries, the database is offline (error 942).
    pub offline_after: Option<usize>,
}

impl Database {
    pub fn new(name: &str, tables: Vec<Table>) -> Database {
        Database {
            name: name.into(),
            state: "ONLINE".into(),
            accessible: true,
            tables,
            offline_after: None,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub display_name: String,
    pub replyto: String,
    pub description: String,
    pub server: String,
    pub server_type: String,
    pub port: i64,
    pub ssl: bool,
    pub username: Option<String>,
    pub password: Option<String>,
    pub default_credentials: bool,
}

#[derive(Clone, Debug, Default)]
pub struct DatabaseMail {
    pub accounts: Vec<Account>,
    /// (account id, profile name)
    pub profiles: Vec<(i64, String)>,
    pub operators: Vec<String>,
    /// SQL Agent's mail profile; `None` with `agent_denied` answers error 229.
    pub agent_profile: Option<String>,
    pub agent_denied: bool,
}

/// The endpoint's encryption.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tls {
    /// No TLS at all: the prelogin says "not supported".
    None,
    /// TLS when the client asks for it.
    Offered,
    /// TLS always ("Force Encryption"): the prelogin says "required".
    Required,
}

/// The test certificate (self-signed, `CN=sqltest.invalid`, IP 127.0.0.1) and its key.
fn tls_config() -> Arc<rustls::ServerConfig> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
    let cert = std::fs::read(dir.join("cert.der")).expect("test certificate");
    let key = std::fs::read(dir.join("key.der")).expect("test key");
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("protocol versions")
    .with_no_client_auth()
    .with_single_cert(
        vec![rustls::pki_types::CertificateDer::from(cert)],
        rustls::pki_types::PrivateKeyDer::Pkcs8(rustls::pki_types::PrivatePkcs8KeyDer::from(key)),
    )
    .expect("certificate");
    // After the handshake the client reads TLS records straight from the socket: no tickets
    // that would arrive in between.
    config.send_tls13_tickets = 0;
    Arc::new(config)
}

/// The socket, plain or inside TLS after the prelogin handshake.
enum Transport {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ServerConnection, TcpStream>>),
}

impl Read for Transport {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Transport::Plain(s) => s.read(buf),
            Transport::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Transport {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Transport::Plain(s) => s.write(buf),
            Transport::Tls(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Transport::Plain(s) => s.flush(),
            Transport::Tls(s) => s.flush(),
        }
    }
}

/// One TDS message from `stream`: its type and payload.
fn read_message_from(stream: &mut impl Read) -> Option<(u8, Vec<u8>)> {
    let mut payload = Vec::new();
    loop {
        let mut header = [0u8; 8];
        stream.read_exact(&mut header).ok()?;
        let length = usize::from(u16::from_be_bytes([header[2], header[3]]));
        let mut body = vec![0u8; length.checked_sub(8)?];
        stream.read_exact(&mut body).ok()?;
        payload.extend(body);
        if header[1] & 0x01 != 0 {
            return Some((header[0], payload));
        }
    }
}

/// The TLS handshake inside PRELOGIN packets, as TDS 7.x does it.
fn tls_handshake(mut tcp: TcpStream) -> Option<Transport> {
    let mut conn = rustls::ServerConnection::new(tls_config()).ok()?;
    let mut packet_id = 1u8;
    while conn.is_handshaking() {
        if conn.wants_write() {
            let mut out = Vec::new();
            conn.write_tls(&mut out).ok()?;
            let mut packet = vec![PT_PRELOGIN, 1];
            packet.extend(((out.len() + 8) as u16).to_be_bytes());
            packet.extend([0, 0, packet_id, 0]);
            packet_id = packet_id.wrapping_add(1);
            packet.extend(out);
            tcp.write_all(&packet).ok()?;
            continue;
        }
        let (_, payload) = read_message_from(&mut tcp)?;
        conn.read_tls(&mut &payload[..]).ok()?;
        conn.process_new_packets().ok()?;
    }
    Some(Transport::Tls(Box::new(rustls::StreamOwned::new(
        conn, tcp,
    ))))
}

#[derive(Clone, Debug)]
pub struct Fixture {
    pub user: String,
    pub password: String,
    pub databases: Vec<Database>,
    pub mail: DatabaseMail,
    /// Whether the endpoint speaks TLS (a self-signed test certificate, `tests/fixtures/tls`).
    pub tls: Tls,
    pub server_name: String,
}

impl Default for Fixture {
    fn default() -> Fixture {
        Fixture {
            user: "overstap".into(),
            password: "Sup3r-Geheim!".into(),
            databases: Vec::new(),
            mail: DatabaseMail::default(),
            tls: Tls::None,
            server_name: "SQLTEST".into(),
        }
    }
}

/// A running endpoint; stops when dropped.
pub struct Endpoint {
    pub port: u16,
    pub fixture: Arc<Mutex<Fixture>>,
    log: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
    /// Table queries that were cut short by an attention.
    pub attentions_honoured: Arc<AtomicUsize>,
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

impl Endpoint {
    pub fn start(fixture: Fixture) -> Endpoint {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let fixture = Arc::new(Mutex::new(fixture));
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let attentions = Arc::new(AtomicUsize::new(0));
        let (f, l, s, a) = (
            Arc::clone(&fixture),
            Arc::clone(&log),
            Arc::clone(&stop),
            Arc::clone(&attentions),
        );
        std::thread::Builder::new()
            .name("tds-endpoint".into())
            .spawn(move || {
                for stream in listener.incoming() {
                    if s.load(Ordering::Relaxed) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let session = Session {
                        stream: Transport::Plain(stream),
                        fixture: Arc::clone(&f),
                        log: Arc::clone(&l),
                        attentions: Arc::clone(&a),
                        overlay: None,
                        packet_id: 1,
                    };
                    let _ = std::thread::Builder::new()
                        .name("tds-session".into())
                        .spawn(move || session.run());
                }
            })
            .expect("endpoint thread");
        Endpoint {
            port,
            fixture,
            log,
            stop,
            attentions_honoured: attentions,
        }
    }

    /// `127.0.0.1,<port>`
    pub fn server(&self) -> String {
        format!("127.0.0.1,{}", self.port)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().expect("log").clone()
    }

    pub fn clear_log(&self) {
        self.log.lock().expect("log").clear();
    }

    /// Statements (batches and `sp_executesql`) sent so far.
    pub fn statements(&self) -> Vec<String> {
        self.requests()
            .iter()
            .filter_map(|r| r.statement().map(str::to_owned))
            .collect()
    }

    /// The current value of a cell.
    pub fn cell(&self, database: &str, table: &str, key: &str, column: &str) -> Option<String> {
        let fixture = self.fixture.lock().expect("fixture");
        let db = fixture.databases.iter().find(|d| d.name == database)?;
        let t = db.tables.iter().find(|t| t.name == table)?;
        let c = t.column(column)?;
        let k = t.column(&t.keys[0])?;
        t.rows
            .iter()
            .find(|r| r[k].as_deref() == Some(key))
            .and_then(|r| r[c].clone())
    }
}

// ---------------------------------------------------------------------------------------------
// Wire format

const PT_BATCH: u8 = 0x01;
const PT_RPC: u8 = 0x03;
const PT_REPLY: u8 = 0x04;
const PT_ATTENTION: u8 = 0x06;
const PT_LOGIN7: u8 = 0x10;
const PT_PRELOGIN: u8 = 0x12;
const PACKET: usize = 4096;

fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn from_utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

fn b_varchar(out: &mut Vec<u8>, text: &str) {
    let units = text.encode_utf16().count();
    out.push(units as u8);
    out.extend(utf16(text));
}

fn us_varchar(out: &mut Vec<u8>, text: &str) {
    let units = text.encode_utf16().count();
    out.extend((units as u16).to_le_bytes());
    out.extend(utf16(text));
}

/// Column types of a result set.
#[derive(Clone, Copy)]
enum Out {
    Text,
    Int,
}

/// Tokens of an answer.
#[derive(Default)]
struct Reply {
    bytes: Vec<u8>,
}

impl Reply {
    fn result(&mut self, columns: &[(&str, Out)], rows: &[Vec<Value>], more: bool, in_proc: bool) {
        let b = &mut self.bytes;
        b.push(0x81);
        b.extend((columns.len() as u16).to_le_bytes());
        for (name, kind) in columns {
            b.extend(0u32.to_le_bytes());
            b.extend(0x0001u16.to_le_bytes()); // nullable
            match kind {
                Out::Text => {
                    b.push(0xE7);
                    b.extend(0xFFFFu16.to_le_bytes());
                    b.extend([0x09, 0x04, 0xD0, 0x00, 0x34]);
                }
                Out::Int => {
                    b.push(0x26);
                    b.push(4);
                }
            }
            b_varchar(b, name);
        }
        for row in rows {
            b.push(0xD1);
            for (value, (_, kind)) in row.iter().zip(columns) {
                match (kind, value) {
                    (Out::Text, Value::Null) => b.extend(u64::MAX.to_le_bytes()),
                    (Out::Text, v) => {
                        let data = utf16(&v.as_string().unwrap_or_default());
                        b.extend((data.len() as u64).to_le_bytes());
                        if !data.is_empty() {
                            b.extend((data.len() as u32).to_le_bytes());
                            b.extend(&data);
                        }
                        b.extend(0u32.to_le_bytes());
                    }
                    (Out::Int, Value::Int(n)) => {
                        b.push(4);
                        b.extend((*n as i32).to_le_bytes());
                    }
                    (Out::Int, _) => b.push(0),
                }
            }
        }
        self.done(
            if in_proc { 0xFF } else { 0xFD },
            0x0010 | u16::from(more),
            rows.len() as u64,
        );
    }

    fn done(&mut self, token: u8, status: u16, rows: u64) {
        self.bytes.push(token);
        self.bytes.extend(status.to_le_bytes());
        self.bytes.extend(0xC1u16.to_le_bytes());
        self.bytes.extend(rows.to_le_bytes());
    }

    fn error(&mut self, number: i32, class: u8, message: &str) {
        let mut body = Vec::new();
        body.extend(number.to_le_bytes());
        body.push(1);
        body.push(class);
        us_varchar(&mut body, message);
        b_varchar(&mut body, "SQLTEST");
        b_varchar(&mut body, "");
        body.extend(1i32.to_le_bytes());
        self.bytes.push(0xAA);
        self.bytes.extend((body.len() as u16).to_le_bytes());
        self.bytes.extend(body);
    }

    fn env(&mut self, kind: u8, new: &[u8], old: &[u8]) {
        let mut body = vec![kind];
        body.push(new.len() as u8);
        body.extend(new);
        body.push(old.len() as u8);
        body.extend(old);
        self.bytes.push(0xE3);
        self.bytes.extend((body.len() as u16).to_le_bytes());
        self.bytes.extend(body);
    }

    fn env_text(&mut self, kind: u8, new: &str, old: &str) {
        let mut body = vec![kind];
        b_varchar(&mut body, new);
        b_varchar(&mut body, old);
        self.bytes.push(0xE3);
        self.bytes.extend((body.len() as u16).to_le_bytes());
        self.bytes.extend(body);
    }
}

/// How a statement ended.
enum Outcome {
    Done,
    Error(i32, u8, String),
    /// Cut short by an attention (already answered).
    Attention,
}

/// Uncommitted changes: (database, table, row, column) -> value.
type Overlay = BTreeMap<(String, String, usize, usize), Option<String>>;

struct Session {
    stream: Transport,
    fixture: Arc<Mutex<Fixture>>,
    log: Arc<Mutex<Vec<Request>>>,
    attentions: Arc<AtomicUsize>,
    /// Uncommitted changes of this connection's transaction: (db, table, row, column) -> value.
    overlay: Option<Overlay>,
    packet_id: u8,
}

impl Session {
    fn log(&self, request: Request) {
        self.log.lock().expect("log").push(request);
    }

    /// One message (packets until end-of-message): its type and payload.
    fn read_message(&mut self) -> Option<(u8, Vec<u8>)> {
        read_message_from(&mut self.stream)
    }

    fn send(&mut self, kind: u8, payload: &[u8]) {
        let chunks: Vec<&[u8]> = if payload.is_empty() {
            vec![&[]]
        } else {
            payload.chunks(PACKET - 8).collect()
        };
        let last = chunks.len() - 1;
        for (i, chunk) in chunks.into_iter().enumerate() {
            let mut packet = vec![kind, u8::from(i == last)];
            packet.extend(((chunk.len() + 8) as u16).to_be_bytes());
            packet.extend([0, 0, self.packet_id, 0]);
            self.packet_id = self.packet_id.wrapping_add(1);
            packet.extend(chunk);
            if self.stream.write_all(&packet).is_err() {
                return;
            }
        }
        let _ = self.stream.flush();
    }

    fn run(mut self) {
        let Some((PT_PRELOGIN, asked)) = self.read_message() else {
            return;
        };
        // The client's ENCRYPTION option: 0 off, 1 on, 2 not supported, 3 required.
        let client_encryption = asked
            .chunks(5)
            .take_while(|o| o.first() != Some(&0xFF))
            .find(|o| o.first() == Some(&0x01) && o.len() == 5)
            .and_then(|o| asked.get(usize::from(u16::from_be_bytes([o[1], o[2]]))))
            .copied()
            .unwrap_or(2);
        let tls = self.fixture.lock().expect("fixture").tls;
        let answer = match tls {
            Tls::None => 0x02,
            Tls::Offered if client_encryption == 0x02 => 0x02,
            Tls::Offered => 0x01,
            Tls::Required => 0x03,
        };
        let mut prelogin = vec![
            0x00, 0x00, 21, 0x00, 6, // VERSION
            0x01, 0x00, 27, 0x00, 1, // ENCRYPTION
            0x02, 0x00, 28, 0x00, 1, // INSTOPT
            0x04, 0x00, 29, 0x00, 1, // MARS
            0xFF,
        ];
        prelogin.extend([16, 0, 0x03, 0xE8, 0, 0]);
        prelogin.push(answer);
        prelogin.push(0);
        prelogin.push(0);
        self.send(PT_REPLY, &prelogin);
        if answer != 0x02 {
            // A second handle on the same socket for the TLS stream; the plain one is dropped.
            let Transport::Plain(plain) = &self.stream else {
                return;
            };
            let Ok(tcp) = plain.try_clone() else { return };
            match tls_handshake(tcp) {
                Some(transport) => self.stream = transport,
                None => return,
            }
        }
        let Some((PT_LOGIN7, login)) = self.read_message() else {
            return;
        };
        let field = |at: usize| -> (usize, usize) {
            let offset = usize::from(u16::from_le_bytes([login[at], login[at + 1]]));
            let chars = usize::from(u16::from_le_bytes([login[at + 2], login[at + 3]]));
            (offset, chars * 2)
        };
        let text_at = |at: usize| {
            let (offset, len) = field(at);
            from_utf16(login.get(offset..offset + len).unwrap_or_default())
        };
        let user = text_at(40);
        let (p_off, p_len) = field(44);
        let password_bytes: Vec<u8> = login
            .get(p_off..p_off + p_len)
            .unwrap_or_default()
            .iter()
            .map(|b| {
                let x = b ^ 0xA5;
                x.rotate_left(4)
            })
            .collect();
        let password = from_utf16(&password_bytes);
        let database = text_at(68);
        self.log(Request::Login {
            user: user.clone(),
            database: database.clone(),
        });
        let (ok_user, ok_password) = {
            let f = self.fixture.lock().expect("fixture");
            (f.user.clone(), f.password.clone())
        };
        let mut reply = Reply::default();
        if user != ok_user || password != ok_password {
            reply.error(18456, 14, &format!("Login failed for user '{user}'."));
            reply.done(0xFD, 0x0002, 0);
            self.send(PT_REPLY, &reply.bytes);
            return;
        }
        reply.env_text(
            1,
            if database.is_empty() {
                "master"
            } else {
                &database
            },
            "master",
        );
        reply.env_text(4, "4096", "4096");
        let mut ack = vec![1];
        ack.extend([0x74, 0x00, 0x00, 0x04]);
        b_varchar(&mut ack, "Microsoft SQL Server");
        ack.extend([16, 0, 0x03, 0xE8]);
        reply.bytes.push(0xAD);
        reply.bytes.extend((ack.len() as u16).to_le_bytes());
        reply.bytes.extend(ack);
        reply.done(0xFD, 0, 0);
        self.send(PT_REPLY, &reply.bytes);

        while let Some((kind, payload)) = self.read_message() {
            match kind {
                PT_ATTENTION => {
                    self.log(Request::Attention);
                    let mut reply = Reply::default();
                    reply.done(0xFD, 0x0020, 0);
                    self.send(PT_REPLY, &reply.bytes);
                }
                PT_BATCH => {
                    let sql = from_utf16(skip_headers(&payload));
                    self.log(Request::Batch(sql.clone()));
                    let mut reply = Reply::default();
                    let outcome = self.execute(&sql, &BTreeMap::new(), &mut reply, false);
                    self.finish(reply, outcome, false);
                }
                PT_RPC => {
                    let Some((procedure, params)) = parse_rpc(skip_headers(&payload)) else {
                        eprintln!(
                            "tds endpoint: an RPC it cannot read: {:02x?}",
                            &payload[..payload.len().min(400)]
                        );
                        return;
                    };
                    self.log(Request::Rpc {
                        procedure: procedure.clone(),
                        params: params.clone(),
                    });
                    let mut reply = Reply::default();
                    let outcome = if procedure == "sp_executesql" {
                        let sql = params
                            .first()
                            .and_then(|(_, v)| v.text())
                            .unwrap_or_default()
                            .to_owned();
                        let named: BTreeMap<String, Value> = params
                            .iter()
                            .skip(2)
                            .map(|(n, v)| (n.trim_start_matches('@').to_uppercase(), v.clone()))
                            .collect();
                        self.execute(&sql, &named, &mut reply, true)
                    } else {
                        self.procedure(&procedure, &params, &mut reply)
                    };
                    self.finish(reply, outcome, true);
                }
                _ => return,
            }
        }
    }

    fn finish(&mut self, mut reply: Reply, outcome: Outcome, rpc: bool) {
        match outcome {
            Outcome::Attention => return,
            Outcome::Done if rpc => {
                reply.bytes.push(0x79);
                reply.bytes.extend(0i32.to_le_bytes());
                reply.done(0xFE, 0, 0);
            }
            Outcome::Done => reply.done(0xFD, 0, 0),
            Outcome::Error(number, class, message) => {
                reply.error(number, class, &message);
                reply.done(if rpc { 0xFE } else { 0xFD }, 0x0002, 0);
            }
        }
        self.send(PT_REPLY, &reply.bytes);
    }

    /// Waits `delay`, watching for an attention; `true` when one came (and was answered).
    fn wait_or_attention(&mut self, delay: Duration) -> bool {
        if delay.is_zero() {
            return false;
        }
        let end = Instant::now() + delay;
        let Transport::Plain(tcp) = &self.stream else {
            // Inside TLS the socket cannot be peeked: a slow table is just slow.
            std::thread::sleep(delay);
            return false;
        };
        let _ = tcp.set_nonblocking(true);
        let mut attention = false;
        while Instant::now() < end {
            let mut header = [0u8; 8];
            match tcp.peek(&mut header) {
                Ok(8) if header[0] == PT_ATTENTION => {
                    attention = true;
                    break;
                }
                Ok(0) => break,
                _ => std::thread::sleep(Duration::from_millis(5)),
            }
        }
        let _ = tcp.set_nonblocking(false);
        if attention {
            let _ = self.read_message();
            self.log(Request::Attention);
            self.attentions.fetch_add(1, Ordering::Relaxed);
            let mut reply = Reply::default();
            reply.done(0xFD, 0x0020, 0);
            self.send(PT_REPLY, &reply.bytes);
        }
        attention
    }

    fn procedure(&mut self, name: &str, params: &[(String, Value)], reply: &mut Reply) -> Outcome {
        let mut fixture = self.fixture.lock().expect("fixture");
        match name {
            "msdb.dbo.sp_get_sqlagent_properties" => {
                if fixture.mail.agent_denied {
                    return Outcome::Error(
                        229,
                        14,
                        "The EXECUTE permission was denied on the object 'sp_get_sqlagent_properties'.".into(),
                    );
                }
                let profile = fixture
                    .mail
                    .agent_profile
                    .clone()
                    .map_or(Value::Null, Value::Text);
                reply.result(
                    &[
                        ("auto_start", Out::Int),
                        ("databasemail_profile", Out::Text),
                    ],
                    &[vec![Value::Int(1), profile]],
                    true,
                    true,
                );
                Outcome::Done
            }
            "msdb.dbo.sysmail_update_account_sp" => {
                let get = |n: &str| {
                    params
                        .iter()
                        .find(|(p, _)| p.eq_ignore_ascii_case(n))
                        .map(|(_, v)| v.clone())
                };
                for required in ["@display_name", "@replyto_address", "@mailserver_name"] {
                    if get(required).is_none() {
                        return Outcome::Error(
                            201,
                            16,
                            format!(
                                "Procedure or function 'sysmail_update_account_sp' expects parameter '{required}', which was not supplied."
                            ),
                        );
                    }
                }
                let Some(Value::Int(id)) = get("@account_id") else {
                    return Outcome::Error(14606, 16, "account_id is not valid".into());
                };
                let Some(account) = fixture.mail.accounts.iter_mut().find(|a| a.id == id) else {
                    return Outcome::Error(14606, 16, "account_id is not valid".into());
                };
                let text = |v: Option<Value>| v.and_then(|v| v.as_string());
                account.server = text(get("@mailserver_name")).unwrap_or_default();
                account.port = match get("@port") {
                    Some(Value::Int(p)) => p,
                    _ => account.port,
                };
                account.ssl = matches!(get("@enable_ssl"), Some(Value::Int(1)));
                account.default_credentials =
                    matches!(get("@use_default_credentials"), Some(Value::Int(1)));
                let username = text(get("@username")).filter(|u| !u.is_empty());
                let password = text(get("@password"));
                if username != account.username || password.is_some() {
                    account.password = if username.is_some() { password } else { None };
                }
                account.username = username;
                Outcome::Done
            }
            _ => Outcome::Error(
                2812,
                16,
                format!("Could not find stored procedure '{name}'."),
            ),
        }
    }

    /// Answers one statement (a batch, or `sp_executesql` with `params` named `P1`, `P2`, ...).
    fn execute(
        &mut self,
        sql: &str,
        params: &BTreeMap<String, Value>,
        reply: &mut Reply,
        rpc: bool,
    ) -> Outcome {
        let param = |name: &str| params.get(name).cloned().unwrap_or(Value::Null);
        if sql.contains("SERVERPROPERTY('ProductVersion')") {
            let name = self.fixture.lock().expect("fixture").server_name.clone();
            reply.result(
                &[("", Out::Text), ("", Out::Text)],
                &[vec![Value::Text("16.0.1000.6".into()), Value::Text(name)]],
                true,
                rpc,
            );
            return Outcome::Done;
        }
        if sql.contains("FROM sys.databases") {
            let rows: Vec<Vec<Value>> = self
                .fixture
                .lock()
                .expect("fixture")
                .databases
                .iter()
                .map(|d| {
                    vec![
                        Value::Text(d.name.clone()),
                        Value::Text(d.state.clone()),
                        Value::Int(i64::from(d.accessible)),
                    ]
                })
                .collect();
            reply.result(
                &[
                    ("name", Out::Text),
                    ("state_desc", Out::Text),
                    ("", Out::Int),
                ],
                &rows,
                true,
                rpc,
            );
            return Outcome::Done;
        }
        if sql.contains("sysmail_profileaccount") {
            let f = self.fixture.lock().expect("fixture");
            let accounts: Vec<Vec<Value>> = f
                .mail
                .accounts
                .iter()
                .map(|a| {
                    vec![
                        Value::Int(a.id),
                        Value::Text(a.name.clone()),
                        Value::Text(a.server.clone()),
                        Value::Int(a.port),
                        Value::Int(i64::from(a.ssl)),
                        a.username.clone().map_or(Value::Null, Value::Text),
                        Value::Int(i64::from(a.password.is_some())),
                        Value::Int(i64::from(a.default_credentials)),
                    ]
                })
                .collect();
            let t = Out::Text;
            let i = Out::Int;
            reply.result(
                &[
                    ("account_id", i),
                    ("name", t),
                    ("servername", t),
                    ("port", i),
                    ("", i),
                    ("username", t),
                    ("", i),
                    ("", i),
                ],
                &accounts,
                true,
                rpc,
            );
            let profiles: Vec<Vec<Value>> = f
                .mail
                .profiles
                .iter()
                .map(|(id, name)| vec![Value::Int(*id), Value::Text(name.clone())])
                .collect();
            reply.result(&[("account_id", i), ("name", t)], &profiles, true, rpc);
            let operators: Vec<Vec<Value>> = f
                .mail
                .operators
                .iter()
                .map(|o| vec![Value::Text(o.clone())])
                .collect();
            reply.result(&[("name", t)], &operators, true, rpc);
            return Outcome::Done;
        }
        if sql.contains("FROM msdb.dbo.sysmail_account AS a") && sql.contains("@P1") {
            let Value::Int(id) = param("P1") else {
                return Outcome::Error(8114, 16, "Error converting data type.".into());
            };
            let f = self.fixture.lock().expect("fixture");
            let rows: Vec<Vec<Value>> = f
                .mail
                .accounts
                .iter()
                .filter(|a| a.id == id)
                .map(|a| {
                    vec![
                        Value::Int(a.id),
                        Value::Text(a.email.clone()),
                        Value::Text(a.display_name.clone()),
                        Value::Text(a.replyto.clone()),
                        Value::Text(a.description.clone()),
                        Value::Text(a.server.clone()),
                        Value::Text(a.server_type.clone()),
                        Value::Int(a.port),
                        a.username.clone().map_or(Value::Null, Value::Text),
                        Value::Int(i64::from(a.default_credentials)),
                        Value::Int(i64::from(a.ssl)),
                    ]
                })
                .collect();
            let t = Out::Text;
            let i = Out::Int;
            reply.result(
                &[
                    ("account_id", i),
                    ("email_address", t),
                    ("display_name", t),
                    ("replyto_address", t),
                    ("description", t),
                    ("servername", t),
                    ("servertype", t),
                    ("port", i),
                    ("username", t),
                    ("", i),
                    ("", i),
                ],
                &rows,
                true,
                rpc,
            );
            return Outcome::Done;
        }
        if let Some(at) = sql.find(".sys.tables AS t") {
            let Some(from) = sql[..at].rfind("FROM ") else {
                return syntax();
            };
            let Some((db, _)) = bracketed(&sql[from + 5..]) else {
                return syntax();
            };
            let f = self.fixture.lock().expect("fixture");
            let Some(database) = f.databases.iter().find(|d| d.name == db) else {
                return Outcome::Error(911, 16, format!("Database '{db}' does not exist."));
            };
            if database.state != "ONLINE" {
                return offline(&db);
            }
            let mut rows = Vec::new();
            for table in &database.tables {
                for (column, kind) in &table.columns {
                    let ordinal = table
                        .keys
                        .iter()
                        .position(|k| k == column)
                        .map_or(0, |p| p as i64 + 1);
                    rows.push(vec![
                        Value::Text(table.schema.clone()),
                        Value::Text(table.name.clone()),
                        Value::Text(column.clone()),
                        Value::Text(kind.name().into()),
                        Value::Int(ordinal),
                    ]);
                }
            }
            let t = Out::Text;
            reply.result(
                &[
                    ("name", t),
                    ("name", t),
                    ("name", t),
                    ("", t),
                    ("", Out::Int),
                ],
                &rows,
                true,
                rpc,
            );
            return Outcome::Done;
        }
        if sql.starts_with("SELECT TOP (@P1) ") && sql.contains(" CROSS APPLY (VALUES ") {
            return self.cells(sql, params, reply, rpc);
        }
        if sql == "SET XACT_ABORT ON; BEGIN TRANSACTION" {
            self.overlay = Some(BTreeMap::new());
            reply.env(8, &[1, 0, 0, 0, 0, 0, 0, 0], &[]);
            return Outcome::Done;
        }
        if sql == "COMMIT TRANSACTION" {
            let Some(overlay) = self.overlay.take() else {
                return Outcome::Error(
                    3902,
                    16,
                    "The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.".into(),
                );
            };
            let mut f = self.fixture.lock().expect("fixture");
            for ((db, table, row, column), value) in overlay {
                if let Some(t) = f
                    .databases
                    .iter_mut()
                    .find(|d| d.name == db)
                    .and_then(|d| d.tables.iter_mut().find(|t| t.name == table))
                {
                    t.rows[row][column] = value;
                }
            }
            reply.env(9, &[], &[1, 0, 0, 0, 0, 0, 0, 0]);
            return Outcome::Done;
        }
        if sql == "IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION" {
            if self.overlay.take().is_some() {
                reply.env(10, &[], &[1, 0, 0, 0, 0, 0, 0, 0]);
            }
            return Outcome::Done;
        }
        if sql.starts_with("SELECT CAST(t.[") || sql.starts_with("UPDATE t SET [") {
            return self.row_statement(sql, params, reply, rpc);
        }
        syntax()
    }

    /// The whole-database search / known-location query.
    fn cells(
        &mut self,
        sql: &str,
        params: &BTreeMap<String, Value>,
        reply: &mut Reply,
        rpc: bool,
    ) -> Outcome {
        let Some(from) = sql.find(" FROM [") else {
            return syntax();
        };
        let Some((db, schema, table, _)) = three_part(&sql[from + 6..]) else {
            return syntax();
        };
        let mut keys = Vec::new();
        let mut rest = &sql["SELECT TOP (@P1) ".len()..from];
        while let Some(r) = rest.strip_prefix("CAST(t.") {
            let Some((key, after)) = bracketed(r) else {
                return syntax();
            };
            keys.push(key);
            rest = after.trim_start_matches(" AS nvarchar(4000)), ");
        }
        let mut columns = Vec::new();
        let values_at = sql.find(" CROSS APPLY (VALUES ").unwrap_or(0) + 21;
        let mut rest = &sql[values_at..];
        let mut n = 0;
        while let Some(r) = rest.strip_prefix(&format!("({n}, CAST(t.")) {
            let Some((column, after)) = bracketed(r) else {
                return syntax();
            };
            columns.push(column);
            rest = after
                .trim_start_matches(" AS nvarchar(max)))")
                .trim_start_matches(", ");
            n += 1;
        }
        if columns.is_empty() || !rest.starts_with(") AS v([n], [value]) WHERE ") {
            return syntax();
        }
        let conditions = &rest[") AS v([n], [value]) WHERE ".len()..];
        let mut patterns = Vec::new();
        if conditions != "v.[value] IS NOT NULL" {
            for part in conditions.split(" OR ") {
                let Some(name) = part.strip_prefix("v.[value] LIKE @") else {
                    return syntax();
                };
                match params.get(&name.to_uppercase()) {
                    Some(Value::Text(p)) => patterns.push(p.clone()),
                    _ => return syntax(),
                }
            }
        }
        let Some(Value::Int(top)) = params.get("P1").cloned() else {
            return syntax();
        };
        let (delay, found) = {
            let mut f = self.fixture.lock().expect("fixture");
            let Some(database) = f.databases.iter_mut().find(|d| d.name == db) else {
                return Outcome::Error(911, 16, format!("Database '{db}' does not exist."));
            };
            if let Some(left) = database.offline_after.as_mut() {
                if *left == 0 {
                    database.state = "OFFLINE".into();
                } else {
                    *left -= 1;
                }
            }
            if database.state != "ONLINE" {
                return offline(&db);
            }
            let Some(t) = database
                .tables
                .iter()
                .find(|t| t.schema == schema && t.name == table)
            else {
                return Outcome::Error(
                    208,
                    16,
                    format!("Invalid object name '{db}.{schema}.{table}'."),
                );
            };
            if t.denied {
                return Outcome::Error(
                    229,
                    14,
                    format!(
                        "The SELECT permission was denied on the object '{table}', database '{db}', schema '{schema}'."
                    ),
                );
            }
            let mut found = Vec::new();
            'rows: for row in &t.rows {
                for (i, column) in columns.iter().enumerate() {
                    let Some(c) = t.column(column) else {
                        return Outcome::Error(207, 16, format!("Invalid column name '{column}'."));
                    };
                    let Some(value) = row[c].clone() else {
                        continue;
                    };
                    if !patterns.is_empty() && !patterns.iter().any(|p| like(&value, p)) {
                        continue;
                    }
                    let mut out: Vec<Value> = keys
                        .iter()
                        .map(|k| {
                            t.column(k)
                                .and_then(|kc| row[kc].clone())
                                .map_or(Value::Null, Value::Text)
                        })
                        .collect();
                    out.push(Value::Int(i as i64));
                    out.push(Value::Text(value));
                    found.push(out);
                    if found.len() as i64 >= top {
                        break 'rows;
                    }
                }
            }
            (t.delay, found)
        };
        if self.wait_or_attention(delay) {
            return Outcome::Attention;
        }
        let mut columns_out: Vec<(&str, Out)> = keys.iter().map(|_| ("", Out::Text)).collect();
        columns_out.push(("n", Out::Int));
        columns_out.push(("value", Out::Text));
        reply.result(&columns_out, &found, true, rpc);
        Outcome::Done
    }

    /// Read of one cell by key, or the guarded update (write-back).
    fn row_statement(
        &mut self,
        sql: &str,
        params: &BTreeMap<String, Value>,
        reply: &mut Reply,
        rpc: bool,
    ) -> Outcome {
        let update = sql.starts_with("UPDATE t SET [");
        let column_at = if update {
            "UPDATE t SET ".len()
        } else {
            "SELECT CAST(t.".len()
        };
        let Some((column, _)) = bracketed(&sql[column_at..]) else {
            return syntax();
        };
        let Some(from) = sql.find(" FROM [") else {
            return syntax();
        };
        let Some((db, schema, table, after)) = three_part(&sql[from + 6..]) else {
            return syntax();
        };
        let Some(where_at) = after.find(" WHERE ") else {
            return syntax();
        };
        let mut conditions: Vec<(String, Option<Value>)> = Vec::new();
        let mut guard: Option<Option<String>> = None;
        for part in after[where_at + 7..]
            .split(';')
            .next()
            .unwrap_or_default()
            .split(" AND ")
        {
            if let Some(r) = part.strip_prefix("t.") {
                let Some((name, rest)) = bracketed(r) else {
                    return syntax();
                };
                if rest == " IS NULL" {
                    guard = Some(None);
                } else if let Some(p) = rest.strip_prefix(" = @") {
                    conditions.push((name, params.get(&p.to_uppercase()).cloned()));
                } else {
                    return syntax();
                }
            } else if let Some(r) = part.strip_prefix("CAST(t.") {
                let Some((_, rest)) = bracketed(r) else {
                    return syntax();
                };
                let Some(p) = rest.strip_prefix(" AS nvarchar(max)) = @") else {
                    return syntax();
                };
                guard = Some(params.get(&p.to_uppercase()).and_then(Value::as_string));
            } else {
                return syntax();
            }
        }
        let new_value = if update {
            let Some(p) = sql[column_at..]
                .split(" = @")
                .nth(1)
                .and_then(|r| r.split(' ').next())
            else {
                return syntax();
            };
            Some(params.get(&p.to_uppercase()).and_then(Value::as_string))
        } else {
            None
        };
        let f = self.fixture.lock().expect("fixture");
        let Some(database) = f.databases.iter().find(|d| d.name == db) else {
            return Outcome::Error(911, 16, format!("Database '{db}' does not exist."));
        };
        let Some(t) = database
            .tables
            .iter()
            .find(|t| t.schema == schema && t.name == table)
        else {
            return Outcome::Error(208, 16, format!("Invalid object name '{table}'."));
        };
        let Some(c) = t.column(&column) else {
            return Outcome::Error(207, 16, format!("Invalid column name '{column}'."));
        };
        let current = |row: usize| -> Option<String> {
            self.overlay
                .as_ref()
                .and_then(|o| o.get(&(db.clone(), table.clone(), row, c)).cloned())
                .unwrap_or_else(|| t.rows[row][c].clone())
        };
        let matching: Vec<usize> = (0..t.rows.len())
            .filter(|&r| {
                conditions.iter().all(|(name, value)| {
                    let Some(kc) = t.column(name) else {
                        return false;
                    };
                    t.rows[r][kc] == value.as_ref().and_then(Value::as_string)
                })
            })
            .filter(|&r| guard.as_ref().is_none_or(|g| current(r) == *g))
            .collect();
        if let Some(new) = new_value {
            let Some(overlay) = self.overlay.as_mut() else {
                return Outcome::Error(50000, 16, "updates only inside a transaction here".into());
            };
            for &r in &matching {
                overlay.insert((db.clone(), table.clone(), r, c), new.clone());
            }
            drop(f);
            reply.result(
                &[("", Out::Int)],
                &[vec![Value::Int(matching.len() as i64)]],
                true,
                rpc,
            );
        } else {
            let rows: Vec<Vec<Value>> = matching
                .iter()
                .map(|&r| vec![current(r).map_or(Value::Null, Value::Text)])
                .collect();
            drop(f);
            reply.result(&[("", Out::Text)], &rows, true, rpc);
        }
        Outcome::Done
    }
}

fn syntax() -> Outcome {
    Outcome::Error(
        102,
        15,
        "Incorrect syntax (the test endpoint does not know this statement).".into(),
    )
}

fn offline(db: &str) -> Outcome {
    Outcome::Error(
        942,
        14,
        format!("Database '{db}' cannot be opened because it is offline."),
    )
}

/// `[name]` at the start of `text` (with `]]` for `]`), and the rest.
fn bracketed(text: &str) -> Option<(String, &str)> {
    let mut chars = text.strip_prefix('[')?.char_indices().peekable();
    let mut name = String::new();
    while let Some((i, c)) = chars.next() {
        if c == ']' {
            if chars.peek().map(|(_, n)| *n) == Some(']') {
                chars.next();
                name.push(']');
            } else {
                return Some((name, &text[i + 2..]));
            }
        } else {
            name.push(c);
        }
    }
    None
}

fn three_part(text: &str) -> Option<(String, String, String, &str)> {
    let (db, rest) = bracketed(text)?;
    let (schema, rest) = bracketed(rest.strip_prefix('.')?)?;
    let (table, rest) = bracketed(rest.strip_prefix('.')?)?;
    Some((db, schema, table, rest))
}

/// `LIKE` with `%` and `_`, case-insensitive (the default collation's behaviour).
pub fn like(value: &str, pattern: &str) -> bool {
    fn go(v: &[char], p: &[char]) -> bool {
        match p.split_first() {
            None => v.is_empty(),
            Some(('%', rest)) => (0..=v.len()).any(|i| go(&v[i..], rest)),
            Some(('_', rest)) => !v.is_empty() && go(&v[1..], rest),
            Some((c, rest)) => v.first().is_some_and(|x| x == c) && go(&v[1..], rest),
        }
    }
    let v: Vec<char> = value.to_lowercase().chars().collect();
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    // Collapse runs of % so the recursion stays linear in practice.
    let mut compact: Vec<char> = Vec::new();
    for c in p {
        if !(c == '%' && compact.last() == Some(&'%')) {
            compact.push(c);
        }
    }
    if compact.first() == Some(&'%')
        && compact.last() == Some(&'%')
        && compact.len() >= 2
        && !compact[1..compact.len() - 1]
            .iter()
            .any(|c| matches!(c, '%' | '_'))
    {
        let needle: String = compact[1..compact.len() - 1].iter().collect();
        return v.iter().collect::<String>().contains(&needle);
    }
    go(&v, &compact)
}

fn skip_headers(payload: &[u8]) -> &[u8] {
    let total = payload
        .get(..4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .unwrap_or(0);
    payload.get(total..).unwrap_or_default()
}

/// An RPC request: the procedure (`sp_executesql` for id 10) and its parameters.
fn parse_rpc(body: &[u8]) -> Option<(String, Vec<(String, Value)>)> {
    let mut at = 0;
    let take = |at: &mut usize, n: usize| -> Option<&[u8]> {
        let slice = body.get(*at..*at + n)?;
        *at += n;
        Some(slice)
    };
    let name_len = u16::from_le_bytes(take(&mut at, 2)?.try_into().ok()?);
    let procedure = if name_len == 0xFFFF {
        match u16::from_le_bytes(take(&mut at, 2)?.try_into().ok()?) {
            10 => "sp_executesql".to_owned(),
            other => format!("proc#{other}"),
        }
    } else {
        from_utf16(take(&mut at, usize::from(name_len) * 2)?)
    };
    take(&mut at, 2)?; // option flags
    let mut params = Vec::new();
    while at < body.len() {
        let len = usize::from(*take(&mut at, 1)?.first()?);
        let name = from_utf16(take(&mut at, len * 2)?);
        take(&mut at, 1)?; // status flags
        let kind = *take(&mut at, 1)?.first()?;
        let value = match kind {
            0xE7 => {
                let max = u16::from_le_bytes(take(&mut at, 2)?.try_into().ok()?);
                take(&mut at, 5)?; // collation
                if max == 0xFFFF {
                    let total = u64::from_le_bytes(take(&mut at, 8)?.try_into().ok()?);
                    if total == u64::MAX {
                        Value::Null
                    } else {
                        let mut data = Vec::new();
                        loop {
                            let chunk = u32::from_le_bytes(take(&mut at, 4)?.try_into().ok()?);
                            if chunk == 0 {
                                break;
                            }
                            data.extend_from_slice(take(&mut at, chunk as usize)?);
                        }
                        Value::Text(from_utf16(&data))
                    }
                } else {
                    let len = u16::from_le_bytes(take(&mut at, 2)?.try_into().ok()?);
                    if len == 0xFFFF {
                        Value::Null
                    } else {
                        Value::Text(from_utf16(take(&mut at, usize::from(len))?))
                    }
                }
            }
            0x26 | 0x68 => {
                take(&mut at, 1)?; // max length
                let len = usize::from(*take(&mut at, 1)?.first()?);
                let bytes = take(&mut at, len)?;
                match len {
                    0 => Value::Null,
                    1 => Value::Int(i64::from(bytes[0])),
                    2 => Value::Int(i64::from(i16::from_le_bytes(bytes.try_into().ok()?))),
                    4 => Value::Int(i64::from(i32::from_le_bytes(bytes.try_into().ok()?))),
                    8 => Value::Int(i64::from_le_bytes(bytes.try_into().ok()?)),
                    _ => return None,
                }
            }
            0x1F => Value::Null, // NULLTYPE: a parameter without a value
            _ => return None,
        };
        params.push((name, value));
    }
    Some((procedure, params))
}
