//! Pacing help: when the meeting runs late, propose shortening the phases still to come.
//!
//! The facilitator's usual fix for an overrun is to trim what is left rather than end late;
//! this computes that trim fairly (longer phases give more) and returns it as ordinary
//! `Adjust` events, so accepting the proposal is just storing them.

use super::clock::{ClockEventKind, MeetingView, PhaseStatus, RunState};

const MINUTE_MS: i64 = 60_000;

/// Adjust events that win back the minutes the meeting is behind (rounded up) from the
/// upcoming phases, in proportion to their planned minutes, never leaving one below 1 minute.
/// Empty when the meeting is not behind, is over, or has nothing left to shorten.
pub(crate) fn replan(view: &MeetingView) -> Vec<ClockEventKind> {
    if view.behind_ms <= 0 || view.state == RunState::Finished {
        return Vec::new();
    }
    let behind_min = (view.behind_ms + MINUTE_MS - 1) / MINUTE_MS;
    let upcoming: Vec<(usize, i64)> = view
        .phases
        .iter()
        .enumerate()
        .filter(|(_, p)| p.status == PhaseStatus::Upcoming)
        .map(|(i, p)| (i, p.planned_ms.div_euclid(MINUTE_MS)))
        .collect();
    let planned: Vec<i64> = upcoming.iter().map(|&(_, m)| m).collect();
    let taken = take_proportionally(behind_min, &planned);
    upcoming
        .iter()
        .zip(taken)
        .filter(|&(_, t)| t > 0)
        .map(|(&(phase, _), t)| ClockEventKind::Adjust {
            phase,
            // A share never exceeds its phase's planned minutes, which came from an i32-sized
            // adjustment or a u32 file value; saturate instead of failing on absurd input.
            minutes: -i32::try_from(t).unwrap_or(i32::MAX),
        })
        .collect()
}

/// Split `want` minutes over phases of `planned` minutes in proportion to their length, each
/// giving at most `planned - 1`. Returns the minutes taken from each phase; the total is
/// `min(want, Σ(planned - 1))`.
///
/// Water-filling: phases whose proportional share would reach their cap give the cap and drop
/// out, the rest is re-shared among the others; the final fractional minutes go to the largest
/// remainders (Hamilton's method), so every share is its exact quota rounded down or up.
pub(crate) fn take_proportionally(want: i64, planned: &[i64]) -> Vec<i64> {
    let cap: Vec<i64> = planned.iter().map(|&p| (p - 1).max(0)).collect();
    let mut taken = vec![0_i64; planned.len()];
    let mut left = want.max(0).min(cap.iter().sum());
    let mut open: Vec<usize> = (0..planned.len()).filter(|&i| cap[i] > 0).collect();

    while left > 0 && !open.is_empty() {
        // i128: want × planned could exceed i64 for absurd inputs, never for real meetings.
        let total: i128 = open.iter().map(|&i| i128::from(planned[i])).sum();
        let quota = |i: usize| i128::from(left) * i128::from(planned[i]);
        let (saturated, rest): (Vec<usize>, Vec<usize>) = open
            .iter()
            .partition(|&&i| quota(i) >= i128::from(cap[i]) * total);
        if saturated.is_empty() {
            let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(rest.len());
            let mut given = 0_i64;
            for &i in &rest {
                let share = i64::try_from(quota(i) / total).unwrap_or(0);
                taken[i] = share;
                given += share;
                remainders.push((quota(i) % total, i));
            }
            // Largest remainder first; on a tie the longer phase, then the earlier one.
            remainders.sort_by(|a, b| {
                b.0.cmp(&a.0)
                    .then(planned[b.1].cmp(&planned[a.1]))
                    .then(a.1.cmp(&b.1))
            });
            let extra = usize::try_from(left - given).unwrap_or(0);
            for &(_, i) in remainders.iter().take(extra) {
                taken[i] += 1;
            }
            break;
        }
        for &i in &saturated {
            taken[i] = cap[i];
            left -= cap[i];
        }
        open = rest;
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::clock::{ClockEvent, replay};
    use ClockEventKind::*;
    use chrono::{DateTime, TimeDelta, TimeZone, Utc};
    use proptest::prelude::*;

    const PLAN: [u32; 9] = [5, 5, 20, 20, 25, 20, 5, 15, 5];

    fn t(min: i64, sec: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 6, 10, 1, 0, 0).unwrap() + TimeDelta::seconds(min * 60 + sec)
    }

    fn with_events(
        events: &[ClockEvent],
        extra: &[ClockEventKind],
        at: DateTime<Utc>,
    ) -> Vec<ClockEvent> {
        let mut all = events.to_vec();
        all.extend(extra.iter().map(|&k| ClockEvent::new(at, k)));
        all
    }

    #[test]
    fn seven_minutes_behind_are_taken_from_the_rest_in_proportion() {
        let ev = |min, kind| ClockEvent::new(t(min, 0), kind);
        let events = [
            ev(0, Start),
            ev(5, Next),
            ev(10, Next),
            ev(
                10,
                Adjust {
                    phase: 2,
                    minutes: -5,
                },
            ),
            ev(25, Next),
            ev(
                25,
                Adjust {
                    phase: 3,
                    minutes: 10,
                },
            ),
            ev(57, Next), // the case ran 32 of 30 minutes
        ];
        let v = replay(&PLAN, &events, t(57, 0));
        // ran 57, still to come 25 + 20+5+15+5 = 70 → 7 minutes behind.
        assert_eq!(v.behind_ms, 7 * 60_000);
        // Upcoming 20, 5, 15, 5 (P = 45): quotas 7×20/45 = 3.11, 0.78, 2.33, 0.78. Floors give
        // 3+0+2+0 = 5; the two spare minutes go to the largest remainders, the two 0.78s.
        let plan = replan(&v);
        assert_eq!(
            plan,
            [
                Adjust {
                    phase: 5,
                    minutes: -3
                },
                Adjust {
                    phase: 6,
                    minutes: -1
                },
                Adjust {
                    phase: 7,
                    minutes: -2
                },
                Adjust {
                    phase: 8,
                    minutes: -1
                },
            ]
        );
        assert!(plan.iter().all(|&k| v.accepts(k)));
        // Accepted, the meeting is back on its planned end: 57 + 25 + 17+4+13+4 = 120.
        let after = replay(&PLAN, &with_events(&events, &plan, t(57, 0)), t(57, 0));
        assert_eq!(after.behind_ms, 0);
        assert_eq!(after.projected_end, Some(t(120, 0)));
        assert!(replan(&after).is_empty());
    }

    #[test]
    fn part_of_a_minute_rounds_up_and_goes_to_the_longest_phase() {
        let events = [ClockEvent::new(t(0, 0), Start)];
        // 5:30 into a 5-minute opening: 30 s behind → take 1 minute. Every quota is below 1;
        // the largest remainder is the 25-minute assessment's.
        let v = replay(&PLAN, &events, t(5, 30));
        assert_eq!(v.behind_ms, 30_000);
        let plan = replan(&v);
        assert_eq!(
            plan,
            [Adjust {
                phase: 4,
                minutes: -1
            }]
        );
        let after = replay(&PLAN, &with_events(&events, &plan, t(5, 30)), t(5, 30));
        assert_eq!(after.behind_ms, -30_000);
    }

    #[test]
    fn takes_what_it_can_when_the_rest_is_too_short() {
        let plan_minutes = [10, 2, 1, 3];
        let events = [ClockEvent::new(t(0, 0), Start)];
        // 30 minutes into a 10-minute phase: 20 behind, but only 1 + 0 + 2 can be given.
        let v = replay(&plan_minutes, &events, t(30, 0));
        assert_eq!(v.behind_ms, 20 * 60_000);
        let plan = replan(&v);
        assert_eq!(
            plan,
            [
                Adjust {
                    phase: 1,
                    minutes: -1
                },
                Adjust {
                    phase: 3,
                    minutes: -2
                }
            ]
        );
        let after = replay(
            &plan_minutes,
            &with_events(&events, &plan, t(30, 0)),
            t(30, 0),
        );
        assert_eq!(after.behind_ms, 17 * 60_000);
        assert!(after.phases.iter().all(|p| p.planned_ms >= 60_000));
        // Nothing more can be taken.
        assert!(replan(&after).is_empty());
    }

    #[test]
    fn nothing_to_do_when_on_time_finished_or_at_the_end() {
        let start = ClockEvent::new(t(0, 0), Start);
        assert!(replan(&replay(&PLAN, &[], t(0, 0))).is_empty());
        assert!(replan(&replay(&PLAN, &[start], t(4, 0))).is_empty());
        // The last phase overruns after every other was visited: nothing left to shorten.
        let mut last = vec![start];
        // Each phase takes its planned time: the closing starts at 115 and is 5 minutes over
        // at 125.
        last.extend([5, 10, 30, 50, 75, 95, 100, 115].map(|m| ClockEvent::new(t(m, 0), Next)));
        let v = replay(&PLAN, &last, t(125, 0));
        assert_eq!(v.behind_ms, 5 * 60_000);
        assert_eq!(v.current, 8);
        assert!(v.behind_ms > 0);
        assert!(replan(&v).is_empty());
        let done = [start, ClockEvent::new(t(200, 0), Finish)];
        let v = replay(&PLAN, &done, t(200, 0));
        assert!(v.behind_ms > 0);
        assert!(replan(&v).is_empty());
    }

    #[test]
    fn water_filling_by_hand() {
        // 6 from [2, 10, 10]: quotas 6×2/22 = 0.55, 2.73, 2.73, no cap reached; floors 0, 2, 2
        // leave 2 spare minutes for the two largest remainders (the 0.73s).
        assert_eq!(take_proportionally(6, &[2, 10, 10]), [0, 3, 3]);
        // 8 from [2, 4, 10]: quota for the 2-minute phase 8×2/16 = 1 ≥ its cap 1 → gives 1;
        // 7 left over [4, 10]: 2 and 5, the 4-minute phase's quota 2 < cap 3.
        assert_eq!(take_proportionally(8, &[2, 4, 10]), [1, 2, 5]);
        // More than everything: each gives all but one minute.
        assert_eq!(take_proportionally(100, &[1, 3, 5]), [0, 2, 4]);
        assert_eq!(take_proportionally(0, &[3, 5]), [0, 0]);
        assert_eq!(take_proportionally(5, &[]), Vec::<i64>::new());
    }

    proptest! {
        #[test]
        fn replan_properties(
            current in 1u32..=30,
            upcoming in proptest::collection::vec(1u32..=60, 1..8),
            overrun_ms in 1i64..=300 * 60_000,
        ) {
            // The meeting is in phase 0 and `overrun_ms` past its plan, which is exactly how far
            // behind the meeting is; phases 1.. are all upcoming.
            let mut plan = vec![current];
            plan.extend(&upcoming);
            let events = [ClockEvent::new(t(0, 0), Start)];
            let now = t(0, 0) + TimeDelta::milliseconds(i64::from(current) * 60_000 + overrun_ms);
            let v = replay(&plan, &events, now);
            prop_assert_eq!(v.behind_ms, overrun_ms);

            let adjustments = replan(&v);
            let mut taken = vec![0i64; upcoming.len()];
            for k in &adjustments {
                match *k {
                    Adjust { phase, minutes } => {
                        prop_assert!(phase >= 1 && phase <= upcoming.len());
                        prop_assert!(minutes < 0);
                        prop_assert_eq!(taken[phase - 1], 0, "one adjustment per phase");
                        taken[phase - 1] = -i64::from(minutes);
                    }
                    other => prop_assert!(false, "not an adjustment: {:?}", other),
                }
            }
            let p: Vec<i64> = upcoming.iter().map(|&m| i64::from(m)).collect();
            let behind_min = (overrun_ms + 59_999) / 60_000;
            let capacity: i64 = p.iter().map(|m| m - 1).sum();
            let total: i64 = taken.iter().sum();
            // Never more than the minutes behind (rounded up), and all of them if possible.
            prop_assert!(total <= behind_min);
            prop_assert_eq!(total, behind_min.min(capacity));
            // No phase below 1 minute.
            for i in 0..p.len() {
                prop_assert!(p[i] - taken[i] >= 1);
            }
            // In proportion: each phase gives at least its plain share of the total (or all it
            // can); a longer phase never gives less (beyond one minute of rounding); and with
            // no phase at its limit every share is its exact quota rounded down or up.
            let sum_p: i64 = p.iter().sum();
            for i in 0..p.len() {
                prop_assert!(taken[i] >= (p[i] - 1).min(total * p[i] / sum_p));
                for j in 0..p.len() {
                    if p[i] >= p[j] {
                        prop_assert!(taken[i] + 1 >= taken[j]);
                    }
                }
            }
            if (0..p.len()).all(|i| taken[i] < p[i] - 1) {
                for i in 0..p.len() {
                    let floor = total * p[i] / sum_p;
                    let ceil = (total * p[i] + sum_p - 1) / sum_p;
                    prop_assert!(taken[i] == floor || taken[i] == ceil);
                }
            }
            // Applied, the meeting ends on time (within the rounding) or as close as it can.
            let after = replay(&plan, &with_events(&events, &adjustments, now), now);
            prop_assert_eq!(after.behind_ms, overrun_ms - total * 60_000);
            if total == behind_min {
                prop_assert!(after.behind_ms <= 0 && after.behind_ms > -60_000);
            }
        }
    }
}
