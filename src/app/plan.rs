//! The plan the meeting closes on: every open action item (set in this meeting, or carried
//! from the last one and continued), with what is still missing, for the read-back.

use crate::board::{Boards, List, Row};
use crate::domain::Board;
use crate::store::ActionStatus;
use crate::store::boards::Record;

/// One action of the plan as the room reads it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PlanItem {
    pub(crate) what: String,
    pub(crate) owner_agency: String,
    pub(crate) owner_person: String,
    pub(crate) due: String,
    pub(crate) review: String,
    /// Carried from the previous conference (and continued or changed here).
    pub(crate) carried: bool,
}

impl PlanItem {
    /// Whether something the plan needs is not decided: an owner (agency and person), a due
    /// date or a review date.
    pub(crate) fn incomplete(&self) -> bool {
        [
            &self.what,
            &self.owner_agency,
            &self.owner_person,
            &self.due,
            &self.review,
        ]
        .iter()
        .any(|f| f.trim().is_empty())
    }
}

/// The open actions on the boards, carried ones first (as they were reviewed), in board order.
pub(crate) fn plan(boards: &Boards) -> Vec<PlanItem> {
    let mut out = Vec::new();
    for board in [Board::Review, Board::Actions] {
        for list in boards.lists(board) {
            for row in &list.rows {
                if row.is_empty(&list.spec) {
                    continue;
                }
                match list.spec.record(&row.key, &row.fields) {
                    Some(Record::Action {
                        what,
                        owner_agency,
                        owner_person,
                        due_text,
                        review_text,
                        status: ActionStatus::Open,
                    }) => out.push(PlanItem {
                        what,
                        owner_agency,
                        owner_person,
                        due: due_text,
                        review: review_text,
                        carried: false,
                    }),
                    Some(Record::Carried {
                        what,
                        owner_agency,
                        owner_person,
                        due_text,
                        review_text,
                        outcome,
                        ..
                    }) if outcome.status() == ActionStatus::Open => out.push(PlanItem {
                        what,
                        owner_agency,
                        owner_person,
                        due: due_text,
                        review: review_text,
                        carried: true,
                    }),
                    _ => {}
                }
            }
        }
    }
    out
}

/// The first field of an open action row that the plan still needs (what, owner agency and
/// person, due, review date), as the row's field index; None when it is complete or closed.
pub(crate) fn missing_field(list: &List, row: &Row) -> Option<usize> {
    let item = match list.spec.record(&row.key, &row.fields)? {
        Record::Action {
            what,
            owner_agency,
            owner_person,
            due_text,
            review_text,
            status: ActionStatus::Open,
        } => [what, owner_agency, owner_person, due_text, review_text],
        Record::Carried {
            what,
            owner_agency,
            owner_person,
            due_text,
            review_text,
            outcome,
            ..
        } if outcome.status() == ActionStatus::Open => {
            [what, owner_agency, owner_person, due_text, review_text]
        }
        _ => return None,
    };
    let blank = item.iter().position(|f| f.trim().is_empty())?;
    // Where each of those lives in the list's fields (see `board::spec`).
    let fields: [usize; 5] = match list.spec.kind {
        crate::board::ListKind::Carried => [0, 3, 4, 5, 6],
        _ => [0, 1, 2, 3, 4],
    };
    Some(fields[blank])
}
