//! Where the parts of the record's pictures go: the ecomap's nodes and lines. Shared by the SVG
//! of the HTML record and the PNG of the Word record, so both show the same picture.

use super::report::Ecomap;

/// The picture's size in pixels (CSS pixels for SVG; the PNG is drawn at twice this).
pub(crate) const ECO_W: f64 = 680.0;

/// A box with its text lines, centred on (x, y).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) w: f64,
    pub(crate) h: f64,
    pub(crate) lines: Vec<String>,
}

/// How an agency is tied to the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tie {
    /// Involved now: a solid line.
    Current,
    /// A role is proposed: a dashed line.
    Proposed,
    /// Named on the roles board, neither involved nor given a role: a thin dotted line.
    Listed,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EcoLayout {
    pub(crate) width: f64,
    pub(crate) height: f64,
    pub(crate) centre: Node,
    pub(crate) agencies: Vec<(Node, Tie)>,
}

/// Split a label into lines of at most `per_line` characters (at most `max_lines`, the last
/// one cut with an ellipsis).
pub(crate) fn wrap(text: &str, per_line: usize, max_lines: usize) -> Vec<String> {
    let chars: Vec<char> = text.trim().chars().collect();
    // Lines of even length, so no line holds a lone character such as ー.
    let count = chars.len().div_ceil(per_line.max(1)).max(1);
    let even = chars.len().div_ceil(count).max(1);
    let mut lines: Vec<String> = chars.chunks(even).map(|c| c.iter().collect()).collect();
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let mut cut: Vec<char> = last.chars().collect();
            cut.pop();
            cut.push('…');
            *last = cut.into_iter().collect();
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// The person in the middle, the agencies evenly around them on an ellipse.
pub(crate) fn ecomap(map: &Ecomap) -> EcoLayout {
    let n = map.agencies.len().max(1);
    let rows = if n > 8 { 2.0 } else { 1.0 };
    let height = 360.0 + 60.0 * (rows - 1.0);
    let (cx, cy) = (ECO_W / 2.0, height / 2.0);
    let (rx, ry) = (ECO_W / 2.0 - 95.0, height / 2.0 - 40.0);
    let centre = Node {
        x: cx,
        y: cy,
        w: 110.0,
        h: 56.0,
        lines: wrap(&map.centre, 7, 2),
    };
    let agencies = map
        .agencies
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
            let node = Node {
                x: cx + rx * angle.cos(),
                y: cy + ry * angle.sin(),
                w: 150.0,
                h: 46.0,
                lines: wrap(&a.name, 9, 2),
            };
            let tie = if a.current {
                Tie::Current
            } else if a.proposed {
                Tie::Proposed
            } else {
                Tie::Listed
            };
            (node, tie)
        })
        .collect();
    EcoLayout {
        width: ECO_W,
        height,
        centre,
        agencies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::report::EcoAgency;

    #[test]
    fn labels_wrap_and_nodes_stay_inside() {
        assert_eq!(
            wrap("地域包括支援センター", 5, 2),
            vec!["地域包括支", "援センター"]
        );
        assert_eq!(wrap("あいうえおかきく", 3, 2), vec!["あいう", "えお…"]);
        assert_eq!(
            wrap("地域包括支援センター", 9, 2),
            vec!["地域包括支", "援センター"]
        );
        let map = Ecomap {
            centre: "A氏".into(),
            agencies: (0..7)
                .map(|i| EcoAgency {
                    name: format!("機関{i}"),
                    current: i % 2 == 0,
                    proposed: true,
                })
                .collect(),
        };
        let l = ecomap(&map);
        for (node, _) in &l.agencies {
            assert!(node.x - node.w / 2.0 >= 0.0 && node.x + node.w / 2.0 <= l.width);
            assert!(node.y - node.h / 2.0 >= 0.0 && node.y + node.h / 2.0 <= l.height);
        }
        assert_eq!(l.agencies[0].1, Tie::Current);
        assert_eq!(l.agencies[1].1, Tie::Proposed);
    }
}
