//! The agenda: phase definitions loaded from TOML, and the meeting clock model.
