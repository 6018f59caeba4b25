//! Exporting a large conference (2,000 notes) in every format. Budget: all five formats
//! together well under 200 ms.

#[path = "../tests/export_fixture/mod.rs"]
mod fixture;

use caseconf::export::{self, CsvTable, Format, Options, Snapshot};
use caseconf::store;
use criterion::{Criterion, criterion_group, criterion_main};
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
criterion_main!(benches);
