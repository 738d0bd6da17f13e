//! What the timed benches (throughput, serve_throughput) share: the median
//! of their runs, the figure each prints.

/// The median of `v` (the mean of the two middle values for an even count);
/// NaN-free input assumed, an empty `v` panics (a bench with no run).
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    }
}
