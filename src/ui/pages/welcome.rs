//! Welcome: language, role, and picking up earlier work.

use super::PageCtx;
use crate::dialogs::DialogRequest;
use crate::i18n::Language;
use crate::platform::Role;
use crate::platform::{AdminNote, admin_note};
use crate::ui::command::Command;
use crate::ui::theme::Tone;
use crate::ui::widgets;

#[derive(Default)]
pub struct WelcomePage {
    import_path: String,
    catalog_path: String,
}

impl WelcomePage {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        widgets::page_heading(ui, &l10n.tr("welcome-title"), &l10n.tr("welcome-intro"));
        widgets::message_panel(
            ui,
            Tone::Warning,
            &l10n.tr("welcome-deadline-title"),
            &l10n.tr("welcome-deadline"),
            None,
        );

        widgets::section(ui, &l10n.tr("welcome-language-heading"));
        ui.horizontal(|ui| {
            for language in Language::ALL {
                let selected = l10n.language() == language;
                if ui
                    .selectable_label(selected, language.native_name())
                    .clicked()
                    && !selected
                {
                    cx.commands.push(Command::SetLanguage(language));
                }
            }
        });

        widgets::section(ui, &l10n.tr("welcome-role-heading"));
        widgets::radio_with_hint(
            ui,
            &mut cx.session.role,
            Role::Admin,
            &l10n.tr("welcome-role-admin"),
            &l10n.tr("welcome-role-admin-hint"),
        );
        widgets::radio_with_hint(
            ui,
            &mut cx.session.role,
            Role::Partner,
            &l10n.tr("welcome-role-partner"),
            &l10n.tr("welcome-role-partner-hint"),
        );
        if admin_note(cx.session.role, cx.elevated) == AdminNote::NotElevated {
            ui.add_space(crate::ui::theme::ITEM_GAP);
            widgets::message_panel(
                ui,
                Tone::Warning,
                &l10n.tr("welcome-not-elevated-title"),
                &l10n.tr("welcome-not-elevated"),
                cx.restart_problem
                    .map(|error| l10n.tr_args("welcome-restart-failed", &[("error", error.into())]))
                    .as_deref(),
            );
            if ui.button(l10n.tr("welcome-restart-elevated")).clicked() {
                cx.commands.push(Command::RestartElevated);
            }
        }

        if cx.saved_session.is_some() {
            widgets::section(ui, &l10n.tr("welcome-saved-heading"));
            ui.label(l10n.tr("welcome-saved-found"));
            ui.horizontal(|ui| {
                if ui.button(l10n.tr("welcome-resume")).clicked() {
                    cx.commands.push(Command::ResumeSaved);
                }
                if ui.button(l10n.tr("welcome-discard")).clicked() {
                    cx.commands.push(Command::DiscardSaved);
                }
            });
        }

        widgets::section(ui, &l10n.tr("welcome-import-heading"));
        ui.label(l10n.tr("welcome-import-explain"));
        widgets::path_field(
            ui,
            l10n,
            cx.dialogs,
            &l10n.tr("welcome-import-file"),
            &mut self.import_path,
            "C:\\Users\\beheer\\Documents\\Overstap\\overstap-session.json",
            DialogRequest::file(l10n.tr("dialog-title-session"))
                .filter(l10n.tr("dialog-filter-session"), &["json"]),
        );
        let path = self.import_path.trim().trim_matches('"').to_owned();
        if ui
            .add_enabled(
                !path.is_empty(),
                egui::Button::new(l10n.tr("welcome-import")),
            )
            .clicked()
        {
            cx.commands.push(Command::ImportSession(path.into()));
        }
        if let Some(problem) = cx.import_problem {
            let (id, args) = problem.message();
            let args: Vec<crate::i18n::Arg<'_>> = args
                .into_iter()
                .map(|(name, value)| (name, value.into()))
                .collect();
            widgets::error_panel(
                ui,
                l10n,
                &l10n.tr("welcome-import-failed"),
                &l10n.tr_args(id, &args),
                &l10n.tr("welcome-import-failed-fix"),
                &problem.to_string(),
            );
        }
        self.catalog_ui(ui, cx);
    }

    /// A partner's catalogue folder, as `--catalog` gives it on the command line.
    fn catalog_ui(&mut self, ui: &mut egui::Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        widgets::section(ui, &l10n.tr("welcome-catalog-heading"));
        ui.label(l10n.tr("welcome-catalog-explain"));
        widgets::path_field(
            ui,
            l10n,
            cx.dialogs,
            &l10n.tr("welcome-catalog-folder"),
            &mut self.catalog_path,
            "D:\\Partner\\catalogus",
            DialogRequest::folder(l10n.tr("dialog-title-catalog")),
        );
        let folder = self.catalog_path.trim().trim_matches('"').to_owned();
        if ui
            .add_enabled(
                !folder.is_empty(),
                egui::Button::new(l10n.tr("welcome-catalog-load")),
            )
            .clicked()
        {
            cx.commands.push(Command::LoadCatalog(folder.into()));
        }
        if let Some(folder) = &cx.catalog_state.folder {
            widgets::status_badge(
                ui,
                Tone::Good,
                &l10n.tr_args(
                    "welcome-catalog-loaded",
                    &[
                        ("folder", folder.display().to_string().into()),
                        ("count", cx.catalog.len().into()),
                    ],
                ),
            );
        }
        if let Some(problem) = &cx.catalog_state.problem {
            widgets::error_panel(
                ui,
                l10n,
                &l10n.tr("welcome-catalog-failed"),
                &l10n.message(&problem.message),
                &l10n.tr("welcome-catalog-failed-fix"),
                &problem.details,
            );
        }
    }
}
