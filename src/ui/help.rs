//! The general guidance of the partner checklist, beside any page: what Exchange Online is, how
//! to recognise it, the options, the secret's 24-month limit, the timeline, and the two tenant
//! settings to read (modern authentication on, authentication policies).

use egui::{RichText, Ui};

use super::command::Command;
use super::theme;
use crate::i18n::Localizer;

const SECTIONS: [&str; 11] = [
    "help-exo-what",
    "help-recognise",
    "help-relay",
    "help-options-intro",
    "help-option-switch",
    "help-option-basic",
    "help-option-leave",
    "help-secret-limit",
    "help-timeline",
    "help-tenant-checks",
    "help-how-to-use",
];

pub fn help_ui(ui: &mut Ui, l10n: &Localizer, commands: &mut Vec<Command>) {
    ui.add_space(theme::ITEM_GAP);
    super::widgets::right_to_left(ui, |ui| {
        if ui.button(l10n.tr("help-close")).clicked() {
            commands.push(Command::ToggleHelp);
        }
    });
    ui.label(RichText::new(l10n.tr("help-title")).strong().size(16.0));
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("help-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for id in SECTIONS {
                ui.label(l10n.tr(id));
                ui.add_space(theme::ITEM_GAP * 1.5);
            }
        });
}

#[cfg(test)]
mod tests {
    use super::SECTIONS;
    use crate::i18n::{Language, Localizer};

    #[test]
    fn every_guidance_section_exists() {
        let l10n = Localizer::new(Language::Nl);
        for id in SECTIONS {
            for language in Language::ALL {
                assert!(l10n.has(language, id), "{id} {language:?}");
            }
        }
    }
}
