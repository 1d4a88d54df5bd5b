//! The Welcome page's "not running as administrator" note, through a fake of the Windows
//! elevation check: shown for the admin role only, and its button asks for the restart.

use std::ffi::OsString;
use std::sync::{Arc, Mutex};

use overstap::i18n::Language;
use overstap::platform::Elevation;

use crate::util::{app_with, click, shows};

/// Not elevated; records each restart and answers with the given outcome.
struct FakeElevation {
    restarts: Mutex<Vec<Vec<OsString>>>,
    refuse: bool,
}

impl Elevation for FakeElevation {
    fn is_elevated(&self) -> Option<bool> {
        Some(false)
    }

    fn restart_elevated(&self, args: &[OsString]) -> std::io::Result<()> {
        self.restarts.lock().expect("lock").push(args.to_vec());
        if self.refuse {
            Err(std::io::Error::other(
                "the operation was cancelled by the user",
            ))
        } else {
            Ok(())
        }
    }
}

fn fake(refuse: bool) -> Arc<FakeElevation> {
    Arc::new(FakeElevation {
        restarts: Mutex::new(Vec::new()),
        refuse,
    })
}

#[test]
fn admin_without_rights_is_offered_a_restart_in_dutch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let elevation = fake(false);
    let shared = Arc::clone(&elevation);
    let mut harness = app_with(Language::Nl, dir.path(), move |options| {
        options.elevation = shared;
        options.restart_args = vec![OsString::from("--catalog"), OsString::from(r"D:\p q")];
    });
    harness.run();
    assert!(!shows(&harness, "Overstap draait niet als administrator"));

    click(
        &mut harness,
        "Ik ben een partner en begeleid een klant op afstand",
    );
    assert!(
        !shows(&harness, "Overstap draait niet als administrator"),
        "a partner needs no rights on this server"
    );

    click(&mut harness, "Ik beheer deze server");
    assert!(shows(&harness, "Overstap draait niet als administrator"));
    click(&mut harness, "Opnieuw starten als administrator");
    assert_eq!(
        *elevation.restarts.lock().expect("lock"),
        vec![vec![OsString::from("--catalog"), OsString::from(r"D:\p q")]]
    );
}

#[test]
fn a_declined_restart_says_why_in_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    let elevation = fake(true);
    let shared = Arc::clone(&elevation);
    let mut harness = app_with(Language::En, dir.path(), move |options| {
        options.elevation = shared;
    });
    harness.run();
    click(&mut harness, "I manage this server");
    assert!(shows(&harness, "Overstap is not running as administrator"));
    click(&mut harness, "Restart as administrator");
    assert!(shows(
        &harness,
        "The restart did not happen: the operation was cancelled by the user. If Windows asked for \
         permission, choose Yes; otherwise right-click Overstap and choose \"Run as administrator\"."
    ));
    assert_eq!(elevation.restarts.lock().expect("lock").len(), 1);
}
