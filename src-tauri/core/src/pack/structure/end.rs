//! Finding the central directory: the one end record that ends the file, and its ZIP64 form
//! when there is one, each checked against the other.

use super::*;

/// The central directory's place and size, from the end record (and its ZIP64 form).
pub(super) struct End {
    pub entries: u64,
    pub central_offset: u64,
    pub central_size: u64,
    /// Where the central directory must end: the ZIP64 end record, or the end record.
    pub central_end: u64,
}

pub(super) fn read_end(file: &mut (impl Read + Seek), len: u64) -> Result<End, Refusal> {
    if len < EOCD_LEN {
        return Err(Refusal::NotAZip(format!(
            "{len} bytes is too short for a zip"
        )));
    }
    let tail_start = len.saturating_sub(EOCD_LEN + MAX_COMMENT);
    let tail = read_at(file, tail_start, len - tail_start)?;
    let candidates = find_all(&tail, EOCD_SIG);
    let Some(&last) = candidates.last() else {
        return Err(Refusal::NotAZip(
            "no end-of-central-directory record".into(),
        ));
    };
    let comment_len = |at: usize| -> Option<u64> {
        tail.get(at + 20..at + 22)
            .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let eocd_pos = tail_start + last as u64;
    let ends_file =
        |at: usize| comment_len(at).is_some_and(|c| tail_start + at as u64 + EOCD_LEN + c == len);
    if !ends_file(last) {
        return Err(bad(
            "the end-of-central-directory record does not end the file (its comment length \
             disagrees with what follows it)",
        ));
    }
    if candidates[..candidates.len() - 1]
        .iter()
        .any(|&c| ends_file(c))
    {
        return Err(bad(
            "a second end-of-central-directory record hides in the zip comment; zip readers \
             would disagree on which files the pack holds",
        ));
    }
    let comment = &tail[last + EOCD_LEN as usize..];
    for sig in [
        EOCD_SIG,
        ZIP64_EOCD_SIG,
        ZIP64_LOCATOR_SIG,
        CENTRAL_SIG,
        LOCAL_SIG,
    ] {
        if !find_all(comment, sig).is_empty() {
            return Err(bad(
                "the zip comment holds zip records (a second archive hidden in the comment)",
            ));
        }
    }
    let mut f = Fields::new(&tail[last + 4..last + EOCD_LEN as usize]);
    let disk = f.u16()?;
    let central_disk = f.u16()?;
    let on_disk = f.u16()?;
    let total = f.u16()?;
    let central_size = f.u32()?;
    let central_offset = f.u32()?;
    let zip64 = eocd_pos >= LOCATOR_LEN
        && read_at(file, eocd_pos - LOCATOR_LEN, 4)?.as_slice() == ZIP64_LOCATOR_SIG;
    if !zip64 {
        if disk != 0 || central_disk != 0 || on_disk != total {
            return Err(multi_disk(
                u64::from(disk),
                u64::from(on_disk),
                u64::from(total),
            ));
        }
        return Ok(End {
            entries: u64::from(total),
            central_offset: u64::from(central_offset),
            central_size: u64::from(central_size),
            central_end: eocd_pos,
        });
    }
    let locator = read_at(file, eocd_pos - LOCATOR_LEN, LOCATOR_LEN)?;
    let mut l = Fields::new(&locator[4..]);
    let record_disk = l.u32()?;
    let record_offset = l.u64()?;
    let disks = l.u32()?;
    if record_disk != 0 || disks > 1 {
        return Err(multi_disk(u64::from(record_disk), 0, 0));
    }
    let locator_pos = eocd_pos - LOCATOR_LEN;
    if record_offset
        .checked_add(56)
        .is_none_or(|e| e > locator_pos)
    {
        return Err(bad("the ZIP64 locator points outside the file"));
    }
    let head = read_at(file, record_offset, 56)?;
    if &head[..4] != ZIP64_EOCD_SIG {
        return Err(bad(
            "the ZIP64 locator does not point at a ZIP64 end record",
        ));
    }
    let mut r = Fields::new(&head[4..]);
    let record_size = r.u64()?;
    if record_offset
        .checked_add(12)
        .and_then(|o| o.checked_add(record_size))
        != Some(locator_pos)
    {
        return Err(bad(
            "unaccounted bytes lie between the ZIP64 end record and its locator",
        ));
    }
    let _made_by = r.u16()?;
    let _needed = r.u16()?;
    let disk64 = r.u32()?;
    let central_disk64 = r.u32()?;
    let on_disk64 = r.u64()?;
    let total64 = r.u64()?;
    let central_size64 = r.u64()?;
    let central_offset64 = r.u64()?;
    if disk64 != 0 || central_disk64 != 0 || on_disk64 != total64 {
        return Err(multi_disk(u64::from(disk64), on_disk64, total64));
    }
    // The short record may carry the real values or the "see ZIP64" markers, nothing else.
    let agrees = |short: u64, marker: u64, long: u64| short == marker || short == long;
    if !agrees(u64::from(total), 0xFFFF, total64)
        || !agrees(u64::from(on_disk), 0xFFFF, on_disk64)
        || !agrees(u64::from(central_size), 0xFFFF_FFFF, central_size64)
        || !agrees(u64::from(central_offset), 0xFFFF_FFFF, central_offset64)
    {
        return Err(bad(
            "the end record and the ZIP64 end record disagree on the central directory",
        ));
    }
    Ok(End {
        entries: total64,
        central_offset: central_offset64,
        central_size: central_size64,
        central_end: record_offset,
    })
}

fn multi_disk(disk: u64, on_disk: u64, total: u64) -> Refusal {
    bad(format!(
        "the end record describes a multi-disk archive (disk {disk}, {on_disk} of {total} \
         entries on this disk); zip readers disagree on such files"
    ))
}
