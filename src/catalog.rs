//! Catalogs shipped as data: agencies and the collaboration survey.
