//! SQL Browser (SSRP, [MS-SQLR]): which instances a server has and on which TCP port each listens.
//!
//! A named instance usually listens on a dynamic port; SQL Browser on UDP 1434 tells it. Used to
//! connect to `SERVER\INSTANCE` and, when the registry cannot be read, to list the instances.
//! One datagram out, one in, two-second deadline; the answer is parsed defensively (it comes from
//! the network).

use std::time::Duration;

use tokio::net::UdpSocket;

use super::SqlError;

/// How long SQL Browser gets to answer.
pub const BROWSER_TIMEOUT: Duration = Duration::from_secs(2);
/// The most an SSRP answer can carry (`RESP_SIZE` is a u16).
const MAX_ANSWER: usize = 65_535 + 3;

/// One instance as SQL Browser describes it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct BrowserInstance {
    pub server: String,
    pub instance: String,
    pub version: String,
    pub tcp_port: Option<u16>,
}

/// Parses an `SVR_RESP` ([MS-SQLR] 2.2.5): `0x05`, size, then `ServerName;X;InstanceName;Y;
/// IsClustered;No;Version;15.0.2000.5;tcp;1433;;` once per instance.
pub fn parse_answer(datagram: &[u8]) -> Vec<BrowserInstance> {
    let Some((&0x05, rest)) = datagram.split_first() else {
        return Vec::new();
    };
    let Some(text) = rest.get(2..) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(text);
    let mut instances = Vec::new();
    for record in text.split(";;") {
        let fields: Vec<&str> = record.split(';').collect();
        let value = |key: &str| {
            fields
                .chunks(2)
                .find(|pair| pair.len() == 2 && pair[0].eq_ignore_ascii_case(key))
                .map(|pair| pair[1].trim().to_owned())
        };
        let Some(instance) = value("InstanceName").filter(|i| !i.is_empty()) else {
            continue;
        };
        instances.push(BrowserInstance {
            server: value("ServerName").unwrap_or_default(),
            instance,
            version: value("Version").unwrap_or_default(),
            tcp_port: value("tcp").and_then(|p| p.parse().ok()).filter(|p| *p > 0),
        });
        if instances.len() >= 256 {
            break;
        }
    }
    instances
}

async fn ask(host: &str, browser_port: u16, request: &[u8]) -> Result<Vec<u8>, SqlError> {
    let not_found = |detail: String| SqlError::ServerNotFound { detail };
    let socket = UdpSocket::bind(if host.contains(':') {
        "[::]:0"
    } else {
        "0.0.0.0:0"
    })
    .await
    .map_err(|e| not_found(e.to_string()))?;
    socket
        .connect((host, browser_port))
        .await
        .map_err(|e| not_found(format!("{host}: {e}")))?;
    socket
        .send(request)
        .await
        .map_err(|e| not_found(e.to_string()))?;
    let mut buffer = vec![0u8; MAX_ANSWER];
    let read = tokio::time::timeout(BROWSER_TIMEOUT, socket.recv(&mut buffer))
        .await
        .map_err(|_| {
            not_found(format!(
                "SQL Browser on {host} (UDP {browser_port}) did not answer"
            ))
        })?
        .map_err(|e| not_found(format!("SQL Browser on {host}: {e}")))?;
    buffer.truncate(read);
    Ok(buffer)
}

/// The TCP port of `host\instance` (`CLNT_UCAST_INST`).
pub async fn resolve_port(host: &str, instance: &str, browser_port: u16) -> Result<u16, SqlError> {
    let mut request = vec![0x04];
    request.extend_from_slice(instance.as_bytes());
    request.push(0);
    let answer = ask(host, browser_port, &request).await?;
    parse_answer(&answer)
        .into_iter()
        .find(|i| i.instance.eq_ignore_ascii_case(instance))
        .and_then(|i| i.tcp_port)
        .ok_or_else(|| SqlError::ServerNotFound {
            detail: format!("SQL Browser on {host} knows no instance {instance} with TCP"),
        })
}

/// Every instance SQL Browser on `host` names (`CLNT_UCAST_EX`).
pub async fn list(host: &str, browser_port: u16) -> Result<Vec<BrowserInstance>, SqlError> {
    let answer = ask(host, browser_port, &[0x03]).await?;
    let mut instances = parse_answer(&answer);
    instances.sort();
    Ok(instances)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(text: &str) -> Vec<u8> {
        let mut out = vec![0x05];
        out.extend_from_slice(&(text.len() as u16).to_le_bytes());
        out.extend_from_slice(text.as_bytes());
        out
    }

    #[test]
    fn parses_instances_and_ignores_junk() {
        let found = parse_answer(&answer(
            "ServerName;SQL01;InstanceName;MSSQLSERVER;IsClustered;No;Version;15.0.2000.5;tcp;1433;;\
             ServerName;SQL01;InstanceName;EXACT;IsClustered;No;Version;16.0.1000.6;tcp;49702;np;\\\\SQL01\\pipe\\x;;",
        ));
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].instance, "EXACT");
        assert_eq!(found[1].tcp_port, Some(49702));
        assert!(parse_answer(&[]).is_empty());
        assert!(parse_answer(&[0x05]).is_empty());
        assert!(parse_answer(&answer("garbage;;;;")).is_empty());
        assert_eq!(
            parse_answer(&answer("InstanceName;X;tcp;notaport;;"))[0].tcp_port,
            None
        );
    }
}
