//! Scheduled tasks: `%SystemRoot%\System32\Tasks\**`, one XML file per task (UTF-16 LE with a
//! BOM, no file extension, namespace `http://schemas.microsoft.com/windows/2004/02/mit/task`).
//! The Windows folder is skipped by the content search, so the tasks are read here.
//!
//! Two action kinds send mail: the deprecated `SendEmail` action (`<Server>`, kept on upgraded
//! servers) and, far more often, an `Exec` action that runs a script which sends mail. Each
//! script a task runs is read and analysed here, and its findings carry the task as owner ("runs
//! daily 07:00 as CONTOSO\svc-reports"), so the admin knows what breaks and when.

use super::content::{SCRIPTS_AND_TASKS, analyse_named, finding_of};
use super::iis::read_text;
use super::platform::check_inside;
use super::script::Language;
use super::text::{line_of, parse_xml};
use super::{
    Classification, Confidence, Evidence, Finding, Location, Owner, ScanContext, Source, SourceId,
};

pub const TASKS: &str = "%SystemRoot%\\System32\\Tasks";
/// Deeper folders or more task files than any server has: a crafted snapshot stops here.
const MAX_DEPTH: usize = 12;
const MAX_TASKS: usize = 20_000;

pub struct TasksSource;

/// Task files below the Tasks folder, as Windows paths, sorted. A folder that cannot be listed
/// (the Tasks folder needs administrator rights on a live server) is listed as a problem.
fn task_files(cx: &mut ScanContext<'_>, root: &str) -> Vec<String> {
    let mut files = Vec::new();
    let mut folders = vec![(root.to_owned(), 0usize)];
    while let Some((folder, depth)) = folders.pop() {
        if cx.cancelled() {
            break;
        }
        let names = match cx.machine.fs.list(&folder) {
            Ok(names) => names,
            Err(err) => {
                cx.error(SourceId::Tasks, &folder, super::ProblemKind::from_io(&err));
                continue;
            }
        };
        let fs = &cx.machine.fs;
        for name in names {
            let path = format!("{folder}\\{name}");
            let Some(local) = fs.locate(&path) else {
                continue;
            };
            if fs
                .boundary()
                .is_some_and(|b| check_inside(&local, b).is_err())
            {
                continue;
            }
            match std::fs::metadata(&local) {
                Ok(meta) if meta.is_dir() && depth < MAX_DEPTH => folders.push((path, depth + 1)),
                Ok(meta) if meta.is_file() && files.len() < MAX_TASKS => files.push(path),
                _ => {}
            }
        }
    }
    files.sort();
    files
}

/// Well-known accounts that tasks name by SID.
fn account_name(id: &str) -> String {
    match id.trim() {
        "S-1-5-18" => "SYSTEM".into(),
        "S-1-5-19" => "LOCAL SERVICE".into(),
        "S-1-5-20" => "NETWORK SERVICE".into(),
        other => other.to_owned(),
    }
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name().eq_ignore_ascii_case(name))
}

fn text_of(node: Option<roxmltree::Node<'_, '_>>) -> String {
    node.and_then(|n| n.text())
        .map(|t| t.trim().to_owned())
        .unwrap_or_default()
}

/// When a task runs, in a compact form that reads the same in every language: `daily 07:00`,
/// `weekly Monday,Friday 06:30`, `at startup`, `every PT15M`; several triggers joined by `; `.
pub fn schedule(task: roxmltree::Node<'_, '_>) -> String {
    let Some(triggers) = child(task, "Triggers") else {
        return "on demand".into();
    };
    let mut parts = Vec::new();
    for trigger in triggers.children().filter(|n| n.is_element()) {
        let start = text_of(child(trigger, "StartBoundary"));
        // `2024-01-01T07:00:00` -> `07:00`.
        let time = start
            .split_once('T')
            .map(|(_, t)| t.get(..5).unwrap_or(t).to_owned());
        let at = time.map(|t| format!(" {t}")).unwrap_or_default();
        let kind = trigger.tag_name().name();
        let part = match kind {
            "CalendarTrigger" => {
                if let Some(by_day) = child(trigger, "ScheduleByDay") {
                    match text_of(child(by_day, "DaysInterval")).as_str() {
                        "" | "1" => format!("daily{at}"),
                        n => format!("every {n} days{at}"),
                    }
                } else if let Some(by_week) = child(trigger, "ScheduleByWeek") {
                    let days: Vec<&str> = child(by_week, "DaysOfWeek")
                        .map(|d| {
                            d.children()
                                .filter(|n| n.is_element())
                                .map(|n| n.tag_name().name())
                                .collect()
                        })
                        .unwrap_or_default();
                    format!("weekly {}{at}", days.join(","))
                } else if child(trigger, "ScheduleByMonth").is_some()
                    || child(trigger, "ScheduleByMonthDayOfWeek").is_some()
                {
                    format!("monthly{at}")
                } else {
                    format!("calendar{at}")
                }
            }
            "TimeTrigger" => format!("once {}", start.replace('T', " ")),
            "BootTrigger" => "at startup".into(),
            "LogonTrigger" => "at logon".into(),
            "IdleTrigger" => "when idle".into(),
            "EventTrigger" => "on an event".into(),
            other => other.to_owned(),
        };
        let repeat = child(trigger, "Repetition")
            .map(|r| text_of(child(r, "Interval")))
            .filter(|i| !i.is_empty())
            .map(|i| format!(", every {i}"))
            .unwrap_or_default();
        parts.push(format!("{part}{repeat}"));
    }
    if parts.is_empty() {
        "on demand".into()
    } else {
        parts.join("; ")
    }
}

/// Words of a command line, double and single quotes honoured (`"C:\My Scripts\a.ps1" -x`
/// -> two words; inside one kind of quote the other is an ordinary character).
fn words(command_line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    for c in command_line.chars() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (c, Some(q)) if c == q => quote = None,
            (c, None) if c.is_whitespace() => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            (c, _) => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The scripts an `Exec` action runs: every word of the command and its arguments that names a
/// script file (`powershell.exe -File C:\S\report.ps1`, `cscript //nologo "C:\S\x.vbs"`,
/// `C:\S\run.cmd`, `python.exe C:\S\mail.py`), made absolute against the working folder.
pub fn scripts_of(command: &str, arguments: &str, working: &str) -> Vec<String> {
    let mut scripts = Vec::new();
    let mut candidates = Vec::new();
    for word in words(command).into_iter().chain(words(arguments)) {
        // `-File:C:\x.ps1`.
        let word = match word.split_once(':') {
            Some((switch, value)) if switch.starts_with('-') => value.to_owned(),
            _ => word,
        };
        let word = word
            .trim_matches(['&', ';', '(', ')', ' ', '\'', '"'])
            .to_owned();
        // A quoted command (`-Command "& 'C:\x.ps1' -Day 1"`) holds words of its own.
        if Language::of_path(&word).is_none() && word.contains(char::is_whitespace) {
            candidates.extend(words(&word));
        } else {
            candidates.push(word);
        }
    }
    for word in candidates {
        let word = word
            .trim_matches(['&', ';', '(', ')', ' ', '\'', '"'])
            .to_owned();
        if Language::of_path(&word).is_none() {
            continue;
        }
        let absolute = word.len() > 2 && word.as_bytes()[1] == b':';
        let path = if absolute || word.starts_with('%') {
            word
        } else if !working.trim().is_empty() {
            format!("{}\\{word}", working.trim().trim_end_matches('\\'))
        } else {
            continue;
        };
        if !scripts.contains(&path) {
            scripts.push(path);
        }
    }
    scripts
}

impl Source for TasksSource {
    fn id(&self) -> SourceId {
        SourceId::Tasks
    }

    fn scan(&self, cx: &mut ScanContext<'_>) {
        let root = cx.machine.expand(TASKS);
        let files = task_files(cx, &root);
        let total = files.len();
        for (done, file) in files.iter().enumerate() {
            if cx.tick() {
                return;
            }
            cx.progress(SourceId::Tasks, done, Some(total), file);
            let Some(text) = read_text(cx, SourceId::Tasks, file) else {
                continue;
            };
            match parse_xml(&text) {
                Ok(doc) => task(cx, &doc, file, &root),
                Err(kind) => cx.error(SourceId::Tasks, file, kind),
            }
        }
        cx.progress(SourceId::Tasks, total, Some(total), "");
    }
}

fn task(cx: &mut ScanContext<'_>, doc: &roxmltree::Document<'_>, file: &str, root: &str) {
    let task = doc.root_element();
    if !task.tag_name().name().eq_ignore_ascii_case("Task") {
        return;
    }
    let name = child(task, "RegistrationInfo")
        .map(|r| text_of(child(r, "URI")))
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| file.get(root.len()..).unwrap_or(file).to_owned());
    let principal = child(task, "Principals").and_then(|p| child(p, "Principal"));
    let account = principal
        .map(|p| {
            let user = text_of(child(p, "UserId"));
            if user.is_empty() {
                text_of(child(p, "GroupId"))
            } else {
                user
            }
        })
        .map(|a| account_name(&a))
        .unwrap_or_default();
    let owner = Owner::Task {
        name,
        account,
        schedule: schedule(task),
    };
    let Some(actions) = child(task, "Actions") else {
        return;
    };
    for action in actions.children().filter(|n| n.is_element()) {
        match action.tag_name().name() {
            "SendEmail" => {
                let server_node = child(action, "Server");
                let server = text_of(server_node);
                let mut finding = Finding::new(
                    SCRIPTS_AND_TASKS,
                    Location::File {
                        path: file.to_owned(),
                        key: "Task/Actions/SendEmail/Server".into(),
                        line: Some(line_of(doc, server_node.unwrap_or(action))),
                    },
                    server.clone(),
                    Classification::of_host(&server),
                    Confidence::High,
                    Evidence::new(
                        "scan-ev-task-sendemail",
                        &[("host", if server.is_empty() { "-" } else { &server })],
                    ),
                );
                finding.owner = Some(owner.clone());
                cx.report.findings.push(finding);
            }
            "Exec" => {
                let command = cx.machine.expand(&text_of(child(action, "Command")));
                let arguments = cx.machine.expand(&text_of(child(action, "Arguments")));
                let working = cx
                    .machine
                    .expand(&text_of(child(action, "WorkingDirectory")));
                for script in scripts_of(&command, &arguments, &working) {
                    run_script(cx, &script, &owner, file, doc, action);
                }
            }
            _ => {}
        }
    }
}

/// Reads a script a task runs and records its mail calls, owned by the task. A script that
/// cannot be read is an `unknown` finding on the task: what it does is not known.
fn run_script(
    cx: &mut ScanContext<'_>,
    script: &str,
    owner: &Owner,
    task_file: &str,
    doc: &roxmltree::Document<'_>,
    action: roxmltree::Node<'_, '_>,
) {
    let Some(text) = read_text(cx, SourceId::Tasks, script) else {
        let mut finding = Finding::new(
            SCRIPTS_AND_TASKS,
            Location::File {
                path: task_file.to_owned(),
                key: "Task/Actions/Exec".into(),
                line: Some(line_of(doc, action)),
            },
            String::new(),
            Classification::Unknown,
            Confidence::Medium,
            Evidence::new("scan-ev-task-script-unread", &[("script", script)]),
        );
        finding.owner = Some(owner.clone());
        cx.report.findings.push(finding);
        return;
    };
    cx.claim(script);
    let app = cx
        .owner_of(script)
        .unwrap_or_else(|| SCRIPTS_AND_TASKS.to_owned());
    let name = script.rsplit('\\').next().unwrap_or(script);
    for (line, kind) in analyse_named(name, &text) {
        let mut finding = finding_of(&app, script.to_owned(), line, kind, Confidence::Medium);
        finding.owner = Some(owner.clone());
        cx.report.findings.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_named_by_exec_actions() {
        let table: [(&str, &str, &str, &[&str]); 7] = [
            (
                "powershell.exe",
                "-NoProfile -ExecutionPolicy Bypass -File \"C:\\My Scripts\\report.ps1\"",
                "",
                &["C:\\My Scripts\\report.ps1"],
            ),
            ("C:\\Scripts\\run.cmd", "", "", &["C:\\Scripts\\run.cmd"]),
            (
                "cscript.exe",
                "//nologo mail.vbs",
                "D:\\Jobs\\",
                &["D:\\Jobs\\mail.vbs"],
            ),
            ("cscript.exe", "//nologo mail.vbs", "", &[]),
            ("pwsh", "-File:C:\\S\\a.ps1", "", &["C:\\S\\a.ps1"]),
            (
                "powershell",
                "-Command \"& 'C:\\S\\b.ps1'\"",
                "",
                &["C:\\S\\b.ps1"],
            ),
            (
                "C:\\Python311\\python.exe",
                "C:\\S\\send.py --daily",
                "",
                &["C:\\S\\send.py"],
            ),
        ];
        for (command, arguments, working, expected) in table {
            assert_eq!(
                scripts_of(command, arguments, working),
                expected.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(),
                "{command} {arguments}"
            );
        }
    }

    #[test]
    fn schedules_read_the_same_in_every_language() {
        let xml = r#"<Task xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task"><Triggers>
<CalendarTrigger><StartBoundary>2024-01-01T07:00:00</StartBoundary><ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay></CalendarTrigger>
<CalendarTrigger><StartBoundary>2024-01-01T06:30:00</StartBoundary><ScheduleByWeek><DaysOfWeek><Monday/><Friday/></DaysOfWeek></ScheduleByWeek><Repetition><Interval>PT1H</Interval></Repetition></CalendarTrigger>
<BootTrigger/></Triggers></Task>"#;
        let doc = roxmltree::Document::parse(xml).expect("xml");
        assert_eq!(
            schedule(doc.root_element()),
            "daily 07:00; weekly Monday,Friday 06:30, every PT1H; at startup"
        );
    }
}
