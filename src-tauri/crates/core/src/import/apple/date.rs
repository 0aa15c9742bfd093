//! Health's dates: `yyyy-MM-dd HH:mm:ss ±HHMM` (CONTRACT §12.2.3), each with
//! its own offset. Parsed by hand: a million records means a few million
//! dates, and the format never varies.

/// A date as UTC seconds and the offset it was written in (seconds east).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub utc: i64,
    pub offset: i32,
}

/// Parses one date; `None` when it is not in Health's format.
pub(crate) fn parse(text: &[u8]) -> Option<Stamp> {
    // 2019-07-28 10:18:44 -0700
    // 0123456789012345678901234
    if text.len() != 25 || text[4] != b'-' || text[7] != b'-' || text[10] != b' ' {
        return None;
    }
    if text[13] != b':' || text[16] != b':' || text[19] != b' ' {
        return None;
    }
    let num = |from: usize, len: usize| -> Option<i64> {
        text[from..from + len].iter().try_fold(0i64, |acc, &b| {
            b.is_ascii_digit().then(|| acc * 10 + i64::from(b - b'0'))
        })
    };
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    let sign = match text[20] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (off_h, off_m) = (num(21, 2)?, num(23, 2)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    if second > 60 || off_h > 18 || off_m > 59 {
        return None;
    }
    let offset = sign * (off_h * 3600 + off_m * 60);
    let local = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    Some(Stamp {
        utc: local - offset,
        offset: i32::try_from(offset).ok()?,
    })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_date_is_converted_with_its_own_offset() {
        let pdt = parse(b"2019-07-28 10:18:44 -0700").unwrap();
        assert_eq!(pdt.offset, -7 * 3600);
        assert_eq!(crate::time::format_utc(pdt.utc), "2019-07-28T17:18:44Z");
        let cet = parse(b"2024-01-01 00:30:00 +0100").unwrap();
        assert_eq!(crate::time::format_utc(cet.utc), "2023-12-31T23:30:00Z");
        let india = parse(b"2024-03-01 12:00:00 +0530").unwrap();
        assert_eq!(india.offset, 5 * 3600 + 1800);
        assert_eq!(crate::time::format_utc(india.utc), "2024-03-01T06:30:00Z");
    }

    #[test]
    fn other_shapes_are_refused() {
        for bad in [
            &b"2019-07-28T10:18:44-07:00"[..],
            b"2019-07-28 10:18:44",
            b"2019-13-28 10:18:44 -0700",
            b"2019-07-28 10:18:44 x0700",
            b"",
        ] {
            assert_eq!(parse(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }
}
