//! Design tokens: the few sizes and colours the pages use, in one place.
//!
//! Pages never hold a literal colour or size; they ask for a token, so dark and light mode and a
//! later restyle change one file.

use egui::{Color32, Visuals};

/// What a badge or panel is telling the admin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Good,
    Warning,
    Bad,
    Info,
    Neutral,
}

pub const PAGE_MAX_WIDTH: f32 = 860.0;
pub const SECTION_GAP: f32 = 14.0;
pub const ITEM_GAP: f32 = 6.0;
pub const PANEL_MARGIN: i8 = 10;
pub const CORNER_RADIUS: u8 = 6;
pub const STEP_DOT_RADIUS: f32 = 11.0;
pub const HEADING_SIZE: f32 = 22.0;
pub const PRODUCT_SIZE: f32 = 20.0;

/// Foreground (text) colour for a tone, readable on the panel background of the current mode.
pub fn tone_text(visuals: &Visuals, tone: Tone) -> Color32 {
    let dark = visuals.dark_mode;
    match (tone, dark) {
        (Tone::Good, false) => Color32::from_rgb(0x1b, 0x6e, 0x2f),
        (Tone::Good, true) => Color32::from_rgb(0x7e, 0xd3, 0x8f),
        (Tone::Warning, false) => Color32::from_rgb(0x8a, 0x55, 0x00),
        (Tone::Warning, true) => Color32::from_rgb(0xf0, 0xc0, 0x5a),
        (Tone::Bad, false) => Color32::from_rgb(0xa8, 0x1c, 0x1c),
        (Tone::Bad, true) => Color32::from_rgb(0xff, 0x8a, 0x80),
        (Tone::Info, false) => Color32::from_rgb(0x0b, 0x4f, 0x8a),
        (Tone::Info, true) => Color32::from_rgb(0x8c, 0xc4, 0xff),
        (Tone::Neutral, _) => visuals.weak_text_color(),
    }
}

/// Background fill for a tone's badge or panel.
pub fn tone_fill(visuals: &Visuals, tone: Tone) -> Color32 {
    let dark = visuals.dark_mode;
    match (tone, dark) {
        (Tone::Good, false) => Color32::from_rgb(0xe3, 0xf4, 0xe6),
        (Tone::Good, true) => Color32::from_rgb(0x1d, 0x3a, 0x24),
        (Tone::Warning, false) => Color32::from_rgb(0xfd, 0xf1, 0xd6),
        (Tone::Warning, true) => Color32::from_rgb(0x45, 0x36, 0x12),
        (Tone::Bad, false) => Color32::from_rgb(0xfb, 0xe4, 0xe4),
        (Tone::Bad, true) => Color32::from_rgb(0x4a, 0x1f, 0x1f),
        (Tone::Info, false) => Color32::from_rgb(0xe4, 0xef, 0xfb),
        (Tone::Info, true) => Color32::from_rgb(0x1c, 0x2f, 0x47),
        (Tone::Neutral, _) => visuals.faint_bg_color,
    }
}

/// The accent of the current step in the indicator.
pub fn accent(visuals: &Visuals) -> Color32 {
    visuals.selection.bg_fill
}

/// Text sizes and spacing for a sysadmin reading over RDP: a notch larger than egui's defaults.
pub fn apply(ctx: &egui::Context) {
    use egui::{FontFamily, FontId, TextStyle};
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(HEADING_SIZE, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(15.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(15.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(12.5, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(14.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(10.0, 4.0);
    });
}
