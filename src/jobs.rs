//! What every background job's UI side does each frame: take everything the worker has sent.

/// Everything the worker has sent so far, and whether it has finished (its channel is closed).
/// `poll` answers `Ok(Some(event))`, `Ok(None)` (nothing yet) or `Err(())` (finished).
pub fn drain<E>(mut poll: impl FnMut() -> Result<Option<E>, ()>) -> (Vec<E>, bool) {
    let mut events = Vec::new();
    loop {
        match poll() {
            Ok(Some(event)) => events.push(event),
            Ok(None) => return (events, false),
            Err(()) => return (events, true),
        }
    }
}

/// What a caught panic said, for an "internal error" message. Panic texts are written by
/// Overstap's code and its libraries, never from a secret; they are cut short all the same.
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_owned());
    text.chars().take(300).collect()
}

#[cfg(test)]
mod tests {
    use super::drain;

    #[test]
    fn takes_everything_and_sees_the_end() {
        let (sender, receiver) = std::sync::mpsc::channel();
        sender.send(1).expect("send");
        sender.send(2).expect("send");
        let poll = || match receiver.try_recv() {
            Ok(v) => Ok(Some(v)),
            Err(std::sync::mpsc::TryRecvError::Empty) => Ok(None),
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(()),
        };
        assert_eq!(drain(poll), (vec![1, 2], false));
        drop(sender);
        assert_eq!(drain(poll), (vec![], true));
    }
}
