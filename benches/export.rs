//! Exporting a large conference (2,000 notes) in every format. Budget: all five formats
//! together well under 200 ms.
//!
//! `EXPORT_DB=PATH EXPORT_NOTES=N` instead writes a database file holding one such conference
//! of N notes and prints its number, for measuring the program itself (peak memory of a Word
//! export: `/usr/bin/time -v caseconf --db PATH export ID -o out.docx`, BENCHMARKS.md).

#[path = "../tests/export_fixture/mod.rs"]
mod fixture;

use caseconf::export::{self, CsvTable, Format, Options, Snapshot};
use caseconf::store;
use criterion::{Criterion, criterion_group};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let conn = store::open_memory().expect("in-memory database");
    let id = fixture::big(&conn, 2_000);
    let plain = Options::default();
    let redacted = Options {
        redact: true,
        ..Options::default()
    };

    let mut group = c.benchmark_group("export_2000_notes");
    for format in Format::ALL {
        group.bench_function(format!("{format:?}"), |b| {
            b.iter(|| export::export(&conn, black_box(id), format, &plain).expect("export"))
        });
    }
    group.bench_function("all_formats", |b| {
        b.iter(|| {
            for format in Format::ALL {
                black_box(export::export(&conn, id, format, &plain).expect("export"));
            }
        })
    });
    group.bench_function("all_formats_redacted", |b| {
        b.iter(|| {
            for format in Format::ALL {
                black_box(export::export(&conn, id, format, &redacted).expect("export"));
            }
        })
    });
    let snapshot = Snapshot::load(&conn, id).expect("snapshot");
    group.bench_function("csv_notes_from_snapshot", |b| {
        let options = Options {
            table: CsvTable::Notes,
            ..Options::default()
        };
        b.iter(|| export::render(black_box(&snapshot), Format::Csv, &options).expect("csv"))
    });
    group.finish();
}

criterion_group!(benches, bench);

fn main() {
    if let Some(path) = std::env::var_os("EXPORT_DB") {
        let n = std::env::var("EXPORT_NOTES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(2_000);
        let conn = store::open(std::path::Path::new(&path)).expect("database file");
        let id = fixture::big(&conn, n);
        println!("{id}");
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
