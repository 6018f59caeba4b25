//! Themes: named styles for every widget, loaded from TOML under `themes/`.
