//! The header on every page: product name, language switch, and the step indicator.

use chrono::NaiveDate;
use egui::{Button, RichText, Ui};

use super::command::Command;
use super::theme::{self, Tone};
use crate::i18n::{Language, Localizer};
use crate::session::Session;
use crate::wizard::{StepStatus, Wizard};

pub fn header_ui(
    ui: &mut Ui,
    l10n: &Localizer,
    wizard: &Wizard,
    session: &Session,
    today: NaiveDate,
    help_open: bool,
    commands: &mut Vec<Command>,
) {
    ui.add_space(theme::ITEM_GAP);
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(l10n.tr("app-name"))
                .size(theme::PRODUCT_SIZE)
                .strong(),
        );
        ui.label(RichText::new(l10n.tr("app-tagline")).weak());
        super::widgets::right_to_left(ui, |ui| {
            language_switch_ui(ui, l10n, commands);
            ui.separator();
            if ui
                .selectable_label(help_open, l10n.tr("header-help"))
                .on_hover_text(l10n.tr("header-help.tooltip"))
                .clicked()
            {
                commands.push(Command::ToggleHelp);
            }
        });
    });
    ui.add_space(theme::ITEM_GAP);
    step_indicator_ui(ui, l10n, wizard, session, today, commands);
    ui.add_space(theme::ITEM_GAP);
}

/// Both language names, always visible: a Dutch admin who landed in English finds "Nederlands"
/// without reading English.
fn language_switch_ui(ui: &mut Ui, l10n: &Localizer, commands: &mut Vec<Command>) {
    // Right-to-left layout: add in reverse so they read NL, EN.
    for language in Language::ALL.into_iter().rev() {
        let selected = l10n.language() == language;
        let response = ui
            .selectable_label(selected, language.native_name())
            .on_hover_text(l10n.tr("header-language.tooltip"));
        if response.clicked() && !selected {
            commands.push(Command::SetLanguage(language));
        }
    }
    ui.label(RichText::new(l10n.tr("header-language")).weak());
}

fn step_indicator_ui(
    ui: &mut Ui,
    l10n: &Localizer,
    wizard: &Wizard,
    session: &Session,
    today: NaiveDate,
    commands: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        for (page, status) in wizard.steps(session, today) {
            let number = page.index() + 1;
            let name = l10n.tr(&format!("page-{}", page.key()));
            let (prefix, tone) = match status {
                StepStatus::Current => (number.to_string(), None),
                StepStatus::Done => (number.to_string(), Some(Tone::Good)),
                StepStatus::Open => (number.to_string(), Some(Tone::Neutral)),
                StepStatus::Blocked { .. } => (number.to_string(), Some(Tone::Neutral)),
            };
            let mut text = RichText::new(format!("{prefix}  {name}"));
            if let Some(tone) = tone {
                text = text.color(theme::tone_text(ui.visuals(), tone));
            } else {
                text = text.strong();
            }
            let current = status == StepStatus::Current;
            let reachable = !matches!(status, StepStatus::Blocked { at, .. } if at < page);
            let mut button = Button::selectable(current, text);
            if current {
                button = button.fill(theme::accent(ui.visuals()));
            }
            let hover = match status {
                StepStatus::Current => l10n.tr("step-current"),
                StepStatus::Done => l10n.tr("step-done"),
                StepStatus::Open => l10n.tr("step-open"),
                StepStatus::Blocked { at, reason } => super::nav::blocked_text(l10n, at, reason),
            };
            let response = ui
                .add_enabled(reachable, button)
                .on_hover_text(&hover)
                .on_disabled_hover_text(&hover);
            if response.clicked() && !current {
                commands.push(Command::GoTo(page));
            }
            if page.next().is_some() {
                ui.label(RichText::new("›").weak());
            }
        }
    });
}
