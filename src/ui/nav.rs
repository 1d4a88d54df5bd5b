//! The bar at the bottom: Back, where we are, why Next is not possible yet, and Next.

use chrono::NaiveDate;
use egui::{Button, RichText, Ui};

use super::command::Command;
use super::theme::{self, Tone};
use crate::i18n::Localizer;
use crate::session::Session;
use crate::wizard::{Blocker, NavError, Page, Wizard};

pub fn nav_ui(
    ui: &mut Ui,
    l10n: &Localizer,
    wizard: &Wizard,
    session: &Session,
    today: NaiveDate,
    commands: &mut Vec<Command>,
) {
    ui.add_space(theme::ITEM_GAP);
    ui.horizontal(|ui| {
        let current = wizard.current();
        let back = ui
            .add_enabled(
                current.previous().is_some(),
                Button::new(l10n.tr("nav-back")),
            )
            .on_hover_text(l10n.tr("nav-back.tooltip"));
        if back.clicked() {
            commands.push(Command::Back);
        }
        ui.label(
            RichText::new(l10n.tr_args(
                "step-of",
                &[
                    ("current", (current.index() + 1).into()),
                    ("total", Page::ALL.len().into()),
                ],
            ))
            .weak(),
        );

        super::widgets::right_to_left(ui, |ui| {
            let verdict = wizard.can_advance(session, today);
            if verdict == Err(NavError::AtEnd) {
                ui.label(RichText::new(l10n.tr("nav-finished")).weak());
                return;
            }
            let mut next_button = Button::new(RichText::new(l10n.tr("nav-next")).strong());
            if verdict.is_ok() {
                next_button = next_button.fill(theme::accent(ui.visuals()));
            }
            let next = ui
                .add_enabled(verdict.is_ok(), next_button)
                .on_hover_text(l10n.tr("nav-next.tooltip"));
            if next.clicked() {
                commands.push(Command::Next);
            }
            if let Err(NavError::Blocked { at, reason }) = verdict {
                let text = if at == current {
                    l10n.tr(reason.message_id())
                } else {
                    blocked_text(l10n, at, reason)
                };
                ui.label(RichText::new(text).color(theme::tone_text(ui.visuals(), Tone::Warning)));
            }
        });
    });
    ui.add_space(theme::ITEM_GAP);
}

/// "Finish step 3 (Registration) first: enter the tenant ID."
pub fn blocked_text(l10n: &Localizer, at: Page, reason: Blocker) -> String {
    l10n.tr_args(
        "step-blocked",
        &[
            ("page", l10n.tr(&format!("page-{}", at.key())).into()),
            ("number", (at.index() + 1).into()),
            ("reason", l10n.tr(reason.message_id()).into()),
        ],
    )
}
