"""The worded result views the page lays out (calculators/views.py).

Named boundary cases; ``today`` is pinned in the request so they do not
depend on the clock.
"""

import datetime as dt

import pytest


def view(engine, **request):
    reply = engine.run(request)
    assert reply["ok"], reply
    return reply["result"]["view"]


def test_change_view_names_documents_and_the_desk_with_its_address(engine, bundle):
    v = view(engine, calculator="change", accepted="2026-11-30", items=[7])
    desk = next(c for c in bundle["rules"]["contacts"]["contacts"]
                if c["id"] == bundle["rules"]["changes"]["submit_to"])
    assert v["next"]["documents"] == ["アカウントパラメータ変更申込書 グローバルIPアドレス"]
    assert {"href": f"mailto:{desk['email']}", "text": desk["email"]} in v["next"]["send"]
    assert any(desk["email"] in line and desk["name"] in line for line in v["copy"])
    assert v["copy"][0].startswith(bundle["rules"]["guide"]["service"])
    # The copied text is short: no day-by-day list.
    assert len(v["copy"]) <= 8 and not any("営業日目" in line for line in v["copy"])


def test_change_ics_event_names_service_and_items_and_only_the_completion(engine, bundle):
    v = view(engine, calculator="change", accepted="2026-11-30", items=[7])
    result = engine.run({"calculator": "change", "accepted": "2026-11-30", "items": [7]})["result"]
    assert [e["date"] for e in v["events"]] == [result["latest"]]
    summary = v["events"][0]["summary"]
    assert bundle["rules"]["guide"]["service"] in summary and "No.7" in summary
    # The event is the last day of the item's window, and its title says so.
    assert "変更完了の目安（遅くとも）：" in summary


@pytest.mark.parametrize(("items", "qualifier"), [([1], ""), ([7], "（遅くとも）"), ([3], "（適用開始）")],
                         ids=["one-day", "window", "next-month"])
def test_a_change_event_title_says_whose_date_it_is(engine, items, qualifier):
    """A calendar shows the title alone: a window's event is on its last
    day (遅くとも: not 「最長」, which the result uses for the whole), a
    翌月適用 item's on the day it applies from."""
    v = view(engine, calculator="change", accepted="2026-11-30", items=items)
    assert f"変更完了の目安{qualifier}：No.{items[0]} " in v["events"][0]["summary"]


def test_several_items_get_an_event_for_each_day_they_are_done(engine, bundle):
    """Each item's own day, not all of them under the latest: sent Mon
    2026-12-28, counted as accepted that day -> 起算日 Mon 2027-01-04 (年末年始)
    -> No.1 (5営業日) Fri 01-08; No.7 (10～18営業日) Mon 01-18 ～ Thu 01-28;
    No.3 (翌月適用) from Mon 02-01. Items done on one day share its event."""
    service = bundle["rules"]["guide"]["service"]
    v = view(engine, calculator="change", accepted="2026-12-28", sent="2026-12-28", items=[3, 7, 1],
             today="2026-12-05")
    assert [(e["date"], e["summary"].removeprefix(f"{service} ").split("：")[0]) for e in v["events"]] == [
        ("2027-01-08", "変更完了の目安"), ("2027-01-28", "変更完了の目安（遅くとも）"),
        ("2027-02-01", "変更完了の目安（適用開始・全体）")]
    assert [e["summary"].split("：")[1].split(" ")[0] for e in v["events"]] == ["No.1", "No.7", "No.3"]
    # Accepted Mon 2026-11-30 -> 起算日 Tue 12-01: No.1 (5営業日) Mon 12-07
    # and No.2 (5営業日) on the same day: one event for both.
    v = view(engine, calculator="change", accepted="2026-11-30", items=[1, 2], today="2026-11-30")
    [event] = v["events"]
    assert event["date"] == "2026-12-07" and "No.1 " in event["summary"] and "、No.2 " in event["summary"]
    assert "変更完了の目安（全体）：" in event["summary"]
    # Items of one day that differ in kind are each said as they are: sent
    # Mon 2027-01-25 -> 起算日 Tue 01-26 -> No.1 (5営業日) Mon 02-01, and No.3
    # (翌月適用) from Mon 02-01: No.1 is done, not applied, that day.
    v = view(engine, calculator="change", accepted="2027-01-25", items=[1, 3], today="2027-01-25")
    [event] = v["events"]
    assert event["date"] == "2027-02-01"
    assert event["summary"].endswith("変更完了の目安（全体）：No.1 企業情報、No.3 サービス・障害などの連絡用情報（適用開始）")


def test_an_overall_range_no_item_has_says_how_it_was_made(engine):
    """「項目比較で最長納期に準じます」 read as when every item is done: the
    latest start to the latest end. Accepted Mon 2026-12-07 -> 起算日 Tue
    12-08; No.9 (16営業日) Tue 12-29 is closed (年末年始) ... counted to Mon
    2027-01-04; No.12 (12～22営業日) Wed 12-23 ～ Wed 2027-01-13. The whole:
    01-04 (No.9's) ～ 01-13 (No.12's), which no one item has."""
    v = view(engine, calculator="change", accepted="2026-12-07", items=[9, 12], today="2026-12-05")
    overall = next(f for f in v["facts"] if f["label"] == "完了の目安（全体）")
    assert overall["value"][0]["strong"][0]["text"] == "2027年1月4日(月)"
    assert ("全体の完了の目安は、各項目の目安の始まりのうち最も遅い日（No.9）から、終わりのうち最も遅い日（No.12）"
            "までとしています（本サイトの前提）。") in v["assumptions"]["items"]
    # One item's range is the whole: nothing to explain.
    v = view(engine, calculator="change", accepted="2026-12-07", items=[1, 12], today="2026-12-05")
    assert not any("最も遅い日" in line for line in v["assumptions"]["items"])


def test_several_items_quote_note_one_by_key(engine, bundle):
    # By its key, its mark never alone: named as the seed's note it is.
    rule = next(n for n in bundle["rules"]["changes"]["notes"] if n.get("key") == "longest_wins")
    several = view(engine, calculator="change", accepted="2026-11-30", items=[1, 7])
    one = view(engine, calculator="change", accepted="2026-11-30", items=[7])
    [note] = [f["note"] for f in several["facts"] if f.get("emphasis")]
    assert note.endswith(rule["text"]) and f"2.1 変更内容一覧」の留意事項{rule['id']}：" in note
    assert not note.startswith(rule["id"])
    assert [f["note"] for f in one["facts"] if f.get("emphasis")] == [None]


def test_sent_day_errors_name_the_sent_day(engine):
    reply = engine.run({"calculator": "change", "accepted": "2026-11-30", "sent": "2031-01-06", "items": [7]})
    assert reply["field"] == "sent" and reply["message"].startswith("送付日（")
    reply = engine.run({"calculator": "change", "accepted": "2026-11-30", "sent": "2026-04-31", "items": [7]})
    assert reply["field"] == "sent" and "2026-04-31" in reply["message"]
    # The sent day decides the count; the label says so.
    v = view(engine, calculator="change", accepted="2026-11-30", sent="2026-12-03", items=[7])
    assert v["facts"][0]["label"].startswith("送付日")
    assert v["facts"][0]["value"][0]["date"] == "2026-12-03"


def test_option_errors_name_the_application_day(engine):
    reply = engine.run({"calculator": "option", "applied": "1999-01-04"})
    assert reply["field"] == "applied" and reply["message"].startswith("お申し込み日（")


def test_deadline_already_past_says_so_and_offers_the_soonest_deadline_as_the_event(engine):
    v = view(engine, calculator="deadline", last_usage_month="2026-11", today="2026-11-28")
    assert v["warning"]["kind"] == "past"
    assert "過ぎています" in v["warning"]["text"] and "2027年1月" in v["warning"]["text"]
    # Business Japanese: 本日, not the everyday 今日.
    # With the day itself: the text is read again later, in a calendar.
    assert "本日（2026年11月28日(土)）お申し込みの場合" in v["warning"]["text"] and "今日" not in v["warning"]["text"]
    soonest = engine.cancellation.from_applied(dt.date(2026, 11, 28)).last_usage_month
    assert soonest.ja() in v["warning"]["text"]
    # The month wished for is gone; the reminder is for the soonest month's
    # deadline, the one the reader can still meet (2026-12-10).
    [event] = v["events"]
    assert event["date"] == "2026-12-10" and f"（最短の{soonest.ja()}ご利用分までで解約）" in event["summary"]


def hooks(v) -> dict:
    return {seg["result"]: seg["date"] for f in v["facts"] for seg in _flat(f["value"])
            if isinstance(seg, dict) and seg.get("result")}


def _flat(segments):
    for seg in segments:
        if isinstance(seg, dict) and "strong" in seg:
            yield from _flat(seg["strong"])
        else:
            yield seg


def test_past_deadline_shows_what_an_application_today_gives(engine):
    # Hand-worked: cut-off the 10th; received 2026-11-28 (after the 10th of
    # November) -> cancelled from November + 3 = 2027-02, last usage
    # 2027-01, whose deadline is the 10th of 2027-02 - 2 = 2026-12-10 (Thu).
    v = view(engine, calculator="deadline", last_usage_month="2026-11", today="2026-11-28")
    assert hooks(v) == {"soonest_last_usage_month": "2027-01", "soonest_deadline": "2026-12-10",
                        "soonest_cancelled_from": "2027-02"}
    # Under the wished-for month, each of the soonest month's facts says it is
    # that month's: none reads as the wished-for month's deadline.
    labels = [f["label"] for f in v["facts"]]
    assert labels == ["ご希望の最終ご利用月", "最短の最終ご利用月", "その場合のお申し込みの期限", "その場合の解約となる月"]
    # Nothing that will not happen: no 2026-10-10 deadline, no cancellation from 2026-12.
    copied = "\n".join(v["copy"])
    assert "2026年12月ご利用分から" not in copied
    assert copied.count("2026年10月10日") == 1, "the past deadline only in the warning"
    assert "最短の最終ご利用月：2027年1月ご利用分まで" in v["copy"]
    assert "その場合のお申し込みの期限：2026年12月10日(木)（当日のお申し込みを含みます）" in v["copy"]
    assert "その場合の解約となる月：2027年2月ご利用分から" in v["copy"]
    # The reader still has to send the form: the submit block stays, in the copy too.
    assert v["next"]["documents"] == ["解約申込書"]
    assert all(line in v["copy"] for line in v["next"]["lines"])


def test_past_deadline_names_the_soonest_months_closed_deadline_as_its_own(engine):
    # Hand-worked: received 2026-12-15 (after the 10th of December) ->
    # cancelled from 2027-03, last usage 2027-02, whose deadline is the 10th
    # of 2027-01: a Sunday; the last business day before it is Fri 2027-01-08.
    v = view(engine, calculator="deadline", last_usage_month="2026-12", today="2026-12-15")
    assert hooks(v) == {"soonest_last_usage_month": "2027-02", "soonest_deadline": "2027-01-10",
                        "soonest_practical_deadline": "2027-01-08", "soonest_cancelled_from": "2027-03"}
    assert [f["label"] for f in v["facts"]] == ["ご希望の最終ご利用月", "最短の最終ご利用月", "その場合のお申し込みの期限",
                                                "その場合の営業日での期限", "その場合の解約となる月"]
    assert "その場合の営業日での期限：2027年1月8日(金)（期限日の前の最後の営業日）" in v["copy"]
    assert not any(line.startswith(("お申し込みの期限", "営業日での期限", "解約となる月")) for line in v["copy"])


def test_past_deadline_on_the_cutoff_day_gives_next_month(engine):
    # Received 2026-12-10 (on the cut-off) -> cancelled from 2027-02, last
    # usage 2027-01, deadline that very day.
    v = view(engine, calculator="deadline", last_usage_month="2026-12", today="2026-12-10")
    assert hooks(v) == {"soonest_last_usage_month": "2027-01", "soonest_deadline": "2026-12-10",
                        "soonest_cancelled_from": "2027-02"}


def test_deadline_on_today_is_still_open(engine):
    # 2027-01: its deadline 2026-12-10 is a Thursday, a business day
    # (test_closed_days.py has the deadlines on closed days).
    deadline = engine.run({"calculator": "deadline", "last_usage_month": "2027-01"})["result"]["deadline"]
    v = view(engine, calculator="deadline", last_usage_month="2027-01", today=deadline)
    assert v["warning"] is None and [e["date"] for e in v["events"]] == [deadline]
    assert "解約申込書" in v["events"][0]["summary"]


def test_cancel_copy_carries_the_after_cancellation_list_from_the_bundle(engine, bundle):
    v = view(engine, calculator="cancel", applied="2026-11-11")
    for line in bundle["rules"]["cancellation"]["after_cancellation"]:
        assert f"  ・{line}" in v["copy"]


def test_calendar_grid_is_sunday_first_and_keeps_only_counted_weeks(engine):
    v = view(engine, calculator="change", accepted="2026-12-29", items=[9])
    cal = v["calendar"]
    assert cal["weekdays"][0] == "日" and cal["weekdays"][6] == "土"
    dec = cal["months"][0]
    assert dec["caption"] == "2026年12月"
    # 2026-12-01 is a Tuesday: two empty cells before it in a Sunday-first week.
    cells = [c for week in dec["weeks"] for c in week]
    first = next(c for c in cells if c and c.get("kind") == "accepted")
    assert first["day"] == 29 and first["mark"] == "受付"
    assert all(any(c and "kind" in c for c in week) for m in cal["months"] for week in m["weeks"])


def test_weeks_left_out_before_a_next_month_date_are_said_to_be_left_out(engine):
    # Accepted Mon 2026-11-30 -> 起算日 Tue 12-01 -> No.3 from Fri 2027-01-01:
    # nothing is counted from Sun 12-06 to Thu 12-31. Those weeks are left
    # out, with one row that says which days; the weeks before the count
    # (before 11-29) are simply not drawn.
    v = view(engine, calculator="change", accepted="2026-11-30", items=[3], today="2026-11-30")
    nov, dec, jan = v["calendar"]["months"]
    assert [[c["day"] for c in week if c] for week in nov["weeks"]] == [[29, 30]]
    assert [c["day"] for c in dec["weeks"][0] if c] == [1, 2, 3, 4, 5]
    assert dec["weeks"][1:] == [[{"gap": "12月6日～12月31日は表示を省略しています（数える日はありません）"}]]
    assert [[c["day"] for c in week if c] for week in jan["weeks"]] == [[1, 2]]
    # One day left out is named alone: accepted Mon 2026-12-28 -> 起算日
    # Mon 2027-01-04 -> No.9 (16営業日) Tue 01-26, No.3 from Mon 02-01; the
    # week after 01-26's holds Sun 01-31 only.
    v = view(engine, calculator="change", accepted="2026-12-28", items=[3, 9], today="2026-12-05")
    jan = v["calendar"]["months"][1]
    assert jan["weeks"][-1] == [{"gap": "1月31日は表示を省略しています（数える日はありません）"}]
    # A count with no day left out has no such row.
    v = view(engine, calculator="change", accepted="2026-12-07", items=[6], today="2026-12-05")
    assert not any(c and "gap" in c for m in v["calendar"]["months"] for w in m["weeks"] for c in w)


def test_info_gives_the_window_and_the_day_it_runs_on(engine):
    info = engine.info(dt.date(2026, 11, 28))
    assert info["today"] == "2026-11-28"
    assert info["coverage"] == [engine.calendar.start.isoformat(), engine.calendar.end.isoformat()]


def test_day_list_expander_label_and_items_table_are_worded_here(engine):
    v = view(engine, calculator="change", accepted="2026-11-30", items=[7])
    assert v["calendar"]["list_label"] == "1日ずつの説明"
    assert [c["label"] for c in v["items"]["columns"]] == ["No", "変更内容", "必要日数", "完了の目安"]
    assert [c.get("row_header", False) for c in v["items"]["columns"]] == [False, True, False, False]


def test_legend_lists_only_the_kinds_of_day_shown(engine):
    # 2026-11-30 (Mon) is a business day: no day is moved, so no 受理 entry.
    plain = view(engine, calculator="change", accepted="2026-11-30", items=[7])["calendar"]
    assert [e["kind"] for e in plain["legend"]] == ["accepted", "counted", "skipped", "window"]
    # 2026-11-29 (Sun) counts as received on Monday 11-30: 受理 is shown and explained.
    moved = view(engine, calculator="change", accepted="2026-11-29", items=[7])["calendar"]
    assert "moved" in [e["kind"] for e in moved["legend"]]
    assert {e["kind"] for e in moved["legend"]} - {"window"} == {d["kind"] for d in moved["days"]}


def test_calendar_frames_the_completion_window(engine):
    # No.1 on 2026-11-30 (Mon): the window is the result's earliest..latest.
    reply = engine.run({"calculator": "change", "accepted": "2026-11-30", "items": [1]})["result"]
    cal = reply["view"]["calendar"]
    earliest, latest = dt.date.fromisoformat(reply["earliest"]), dt.date.fromisoformat(reply["latest"])
    framed = [dt.date(int(m["caption"][:4]), int(m["caption"][5:].split("月")[0]), c["day"])
              for m in cal["months"] for week in m["weeks"] for c in week if c and c.get("window")]
    assert framed and framed[0] == earliest and framed[-1] == latest
    assert all(earliest <= d <= latest for d in framed)
    assert cal["legend"][-1] == {"kind": "window", "mark": "", "text": "完了の目安"}


def _cell(calendar, kind):
    return next(c for m in calendar["months"] for week in m["weeks"] for c in week if c and c.get("kind") == kind)


def _legend(calendar, kind):
    return next(e for e in calendar["legend"] if e["kind"] == kind)


def test_legend_and_cells_name_the_first_day_alike(engine):
    # Without a 送付日 the first day is the 受付受理日; with one, the 送付日,
    # counted as the 受付受理日: legend, cell mark, label and fact agree.
    accepted = view(engine, calculator="change", accepted="2026-11-30", items=[7])
    cal = accepted["calendar"]
    assert (_legend(cal, "accepted")["mark"], _legend(cal, "accepted")["text"]) == ("受付", "受付受理日")
    assert _cell(cal, "accepted")["mark"] == "受付" and _cell(cal, "accepted")["label"] == "受付受理"
    sent = view(engine, calculator="change", accepted="2026-11-27", sent="2026-11-30", items=[7])
    cal = sent["calendar"]
    entry = _legend(cal, "accepted")
    assert entry["text"].startswith("送付日") and "受付受理日として" in entry["text"]
    assert _cell(cal, "accepted")["mark"] == entry["mark"] == "送付"
    assert _cell(cal, "accepted")["label"].startswith("送付")
    assert sent["facts"][0]["label"] == entry["text"]
    assert sent["copy"][1].startswith(entry["text"] + "：")


def test_option_calendar_speaks_of_the_application_not_of_acceptance(engine, bundle):
    counted_from = bundle["rules"]["contract"]["softbank_option"]["counted_from"]
    # 2026-12-29 is in the year-end closure: the application is moved.
    v = view(engine, calculator="option", applied="2026-12-29")
    cal = v["calendar"]
    words = [e["text"] for e in cal["legend"]] + [d["label"] for d in cal["days"]]
    words += [c.get("label", "") for m in cal["months"] for week in m["weeks"] for c in week if c]
    words += [f["label"] for f in v["facts"]] + v["copy"] + v["assumptions"]["items"]
    assert not [w for w in words if "受付受理" in w]
    assert _legend(cal, "accepted")["text"] == f"{counted_from}日" == v["facts"][0]["label"]
    assert _cell(cal, "accepted")["label"].startswith(counted_from)
    assert "moved" in [e["kind"] for e in cal["legend"]]


def test_only_next_month_items_say_from_when_they_apply_and_number_no_day_toward_it(engine):
    # Hand-worked: sent Wed 2027-03-31, a business day, counted as accepted
    # that day -> 起算日 Thu 04-01 -> No.3 and No.4 (翌月適用) apply from the
    # 1st of the month after April: Sat 2027-05-01. No business day is
    # counted toward that date: the count ends at the 起算日 (day 1).
    v = view(engine, calculator="change", accepted="2027-03-31", sent="2027-03-31", items=[3, 4],
             today="2027-03-01")
    overall = next(f for f in v["facts"] if f["label"] == "完了の目安（全体）")
    assert overall["value"][1:] == [{"text": "（No.3・No.4の適用開始日）", "whole": True}]
    assert v["summary"] == "No.3・No.4の完了の目安（全体）：2027年5月1日(土)（No.3・No.4の適用開始日）"
    assert "完了の目安（全体）：2027年5月1日(土)（No.3・No.4の適用開始日）" in v["copy"]
    assert [e["date"] for e in v["events"]] == ["2027-05-01"]
    days = v["calendar"]["days"]
    assert [(d["date"], d["kind"]) for d in days] == [("2027-03-31", "accepted"), ("2027-04-01", "counted"),
                                                      ("2027-05-01", "applies")]
    assert days[1]["label"] == "1営業日目（起算日）"
    assert days[-1]["label"] == ("No.3・No.4の適用開始日（翌月適用・全体の完了の目安）。"
                                 "休業日（土曜）ですが、翌月1日の日付のまま示しています")
    assert not any("営業日目" in d["label"] and d["date"] > "2027-04-01" for d in days)


def test_a_next_month_item_alone_says_from_when_it_applies(engine):
    # Accepted Mon 2026-11-30 -> 起算日 Tue 12-01 -> No.3 from Fri 2027-01-01.
    v = view(engine, calculator="change", accepted="2026-11-30", items=[3], today="2026-11-30")
    assert v["summary"] == "No.3の完了の目安：2027年1月1日(金)から適用"
    assert [d["date"] for d in v["calendar"]["days"]] == ["2026-11-30", "2026-12-01", "2027-01-01"]


def test_business_day_items_done_before_a_next_month_date_are_counted_to_their_own_end(engine):
    # Accepted Tue 2026-11-24 -> 起算日 Wed 11-25; No.1 (5営業日) ends Tue
    # 12-01, No.3 applies from Tue 12-01 too (the month after November):
    # the overall date is also a 翌月適用 date; the count runs to day 5.
    v = view(engine, calculator="change", accepted="2026-11-24", items=[1, 3], today="2026-11-24")
    assert v["summary"] == "No.1・No.3の完了の目安（全体）：2026年12月1日(火)（No.3の適用開始日）"
    assert v["calendar"]["days"][-1] == {"date": "2026-12-01", "text": "2026年12月1日(火)", "kind": "counted",
                                         "label": "5営業日目（全体の完了の目安・No.1の完了の目安）。"
                                                  "No.3の適用開始日（翌月適用）"}
    # Past the 翌月適用 date, a business-day item's range is no 翌月適用 date.
    # Accepted 2026-11-24, No.3 + No.12 (12～22営業日: 12-10～12-24).
    v = view(engine, calculator="change", accepted="2026-11-24", items=[3, 12], today="2026-11-24")
    assert "適用開始日" not in v["summary"]
    assert v["calendar"]["days"][-1]["date"] == "2026-12-24" and v["calendar"]["days"][-1]["label"] == \
        "22営業日目（全体の完了の目安の最終日・No.12の完了の目安の最終日）"


def test_a_range_that_starts_on_a_next_month_date_says_whose_date_it_is(engine):
    # Sent Sat 2026-12-12 -> counted as accepted Mon 12-14 -> 起算日 Tue 12-15.
    # No.1 (5営業日) Mon 12-21; No.4 (翌月適用) Fri 2027-01-01; No.7
    # (10～18営業日) Mon 12-28 ～ Thu 2027-01-14. All three are done no sooner
    # than 01-01 and no later than 01-14: the range starts on a closed day,
    # No.4's, which the result names so the reader does not take 01-01 for a
    # business day counted.
    v = view(engine, calculator="change", accepted="2026-12-12", sent="2026-12-12", items=[1, 4, 7],
             today="2026-12-05")
    line = "範囲の始まりの2027年1月1日(金)は、No.4（翌月適用）の適用開始日です。"
    overall = next(f for f in v["facts"] if f["label"] == "完了の目安（全体）")
    assert overall["note"].startswith(line)
    assert v["summary"] == f"No.1・No.4・No.7の完了の目安（全体）：2027年1月1日(金)～2027年1月14日(木)。{line}"
    assert f"  {line}" in v["copy"]
    # Where a business-day item's range starts the overall range, nothing is added.
    v = view(engine, calculator="change", accepted="2026-11-24", items=[3, 12], today="2026-11-24")
    assert "適用開始日" not in v["summary"] and "適用開始日" not in "".join(v["copy"])


def test_a_sent_day_on_a_closed_day_is_not_called_the_acceptance_day(engine):
    # Sent Sat 2026-12-12: counted as accepted Mon 12-14, not on the 12th.
    # Nothing in the result may say the 12th counts as the 受付受理日.
    v = view(engine, calculator="change", accepted="2026-12-12", sent="2026-12-12", items=[1], today="2026-12-05")
    [first] = [f for f in v["facts"] if f["label"].startswith("送付日")]
    assert first["label"] == "送付日"
    [cell] = [c for m in v["calendar"]["months"] for w in m["weeks"] for c in w if c and c.get("kind") == "accepted"]
    assert cell["label"] == "送付（休業日：土曜。翌営業日の受付受理として数えます）"
    assert {"kind": "accepted", "mark": "送付", "text": "送付日"} in v["calendar"]["legend"]
    assert not any("受付受理日として数えます" in line for line in v["copy"])
    # On a business day the 送付日 is the 受付受理日, and says so.
    v = view(engine, calculator="change", accepted="2026-12-11", sent="2026-12-11", items=[1], today="2026-12-05")
    assert any(f["label"] == "送付日（受付受理日として数えます）" for f in v["facts"])


def test_the_cut_off_day_is_a_fact_of_its_own(engine):
    # Applied Wed 2026-12-09, the month's cut-off day Thu 12-10: each date on
    # its own line, the relation said in words, with no stray spaces
    # (Japanese has none around a date).
    v = view(engine, calculator="cancel", applied="2026-12-09", today="2026-12-05")
    assert "お申し込み日：2026年12月9日(水)" in v["copy"]
    assert "締め日：2026年12月10日(木)（締め日までのお申し込みです）" in v["copy"]
    labels = [f["label"] for f in v["facts"]]
    assert labels[:2] == ["お申し込み日", "締め日"]
    for f in v["facts"][:2]:
        assert not any(isinstance(s, str) and " " in s for s in f["value"])
    # The day after the cut-off day: past it, the last usage month a month later.
    v = view(engine, calculator="cancel", applied="2026-12-11", today="2026-12-05")
    assert "締め日：2026年12月10日(木)（締め日を過ぎたお申し込みです）" in v["copy"]
    assert "最終ご利用月：2027年2月ご利用分まで" in v["copy"]


def test_the_calendar_shows_the_day_a_next_month_item_applies_from(engine):
    # Accepted Mon 2026-12-28 -> 起算日 Mon 2027-01-04 (年末年始) -> No.9
    # (16営業日) Tue 01-26; No.3 (翌月適用) from Mon 02-01, the overall date:
    # the headline's day is on the calendar, marked, in the frame, and named
    # in the legend and the day list.
    v = view(engine, calculator="change", accepted="2026-12-28", items=[3, 9], today="2026-12-05")
    cal = v["calendar"]
    assert v["summary"] == "No.3・No.9の完了の目安（全体）：2027年2月1日(月)（No.3の適用開始日）"
    [day] = [d for d in cal["days"] if d["kind"] == "applies"]
    assert day == {"date": "2027-02-01", "text": "2027年2月1日(月)", "kind": "applies",
                   "label": "No.3の適用開始日（翌月適用・全体の完了の目安）"}
    [cell] = [c for m in cal["months"] for w in m["weeks"] for c in w if c and c.get("kind") == "applies"]
    assert cell["day"] == 1 and cell["mark"] == "適" and cell["window"]
    assert {"kind": "applies", "mark": "適", "text": "翌月適用の項目の適用開始日"} in cal["legend"]
    # Business days still end at No.9's last; the days between are not counted.
    assert [d["date"] for d in cal["days"] if d["kind"] == "counted"][-1] == "2027-01-26"


@pytest.mark.parametrize("request_, day, kind", [
    # No.12 (12～22営業日) counts through Mon 2027-02-01, the day No.3 applies from.
    ({"accepted": "2026-12-28", "items": [3, 9, 12]}, "2027-02-01", "counted"),
    # No.4 applies from Fri 2027-01-01 (元日), a closed day inside No.7's count.
    ({"accepted": "2026-12-12", "sent": "2026-12-12", "items": [1, 4, 7]}, "2027-01-01", "skipped"),
])
def test_a_next_month_day_the_count_also_shows_is_marked_on_it(engine, request_, day, kind):
    v = view(engine, calculator="change", today="2026-12-05", **request_)
    cal = v["calendar"]
    iso = dt.date.fromisoformat(day)
    [cell] = [c for m in cal["months"] if m["caption"] == f"{iso.year}年{iso.month}月"
              for w in m["weeks"] for c in w if c and c.get("day") == iso.day]
    assert cell["kind"] == kind and cell["also"] == "適"
    assert "の適用開始日（翌月適用）" in cell["label"]
    [listed] = [d for d in cal["days"] if d["date"] == day]
    assert listed["kind"] == kind and "の適用開始日（翌月適用）" in listed["label"]
    assert {"kind": "applies", "mark": "適", "text": "翌月適用の項目の適用開始日"} in cal["legend"]


def test_an_item_done_before_the_whole_change_is_marked_on_its_own_day(engine):
    # Accepted Mon 2026-12-07 -> 起算日 Tue 12-08. No.5 (5営業日) Mon 12-14,
    # No.6 (6～10営業日) Tue 12-15 to Mon 12-21, which is the whole window.
    v = view(engine, calculator="change", accepted="2026-12-07", items=[5, 6], today="2026-12-05")
    cal = v["calendar"]
    cells = {c["day"]: c for m in cal["months"] for w in m["weeks"] for c in w if c and "kind" in c}
    assert cells[14]["due"] and cells[14]["label"] == "5営業日目（No.5の完了の目安）"
    assert "window" not in cells[14]
    assert cells[15]["label"] == "6営業日目（全体の完了の目安の初日・No.6の完了の目安の初日）"
    assert cells[21]["label"] == "10営業日目（全体の完了の目安の最終日・No.6の完了の目安の最終日）"
    assert not any(c.get("due") for day, c in cells.items() if day not in (14, 15, 21))
    assert {"kind": "due", "mark": "", "text": "項目ごとの完了の目安"} in cal["legend"]
    # The frame is named as the fact 「完了の目安（全体）」 names the same days.
    assert {"kind": "window", "mark": "", "text": "全体の完了の目安"} in cal["legend"]
    # The day list says what the cells say, the window included.
    listed = {d["date"]: d["label"] for d in cal["days"]}
    assert listed["2026-12-14"] == cells[14]["label"]
    assert listed["2026-12-16"] == "7営業日目（全体の完了の目安の期間内）" == cells[16]["label"]


def test_one_item_has_no_marks_of_its_own(engine):
    # One item: its own days are the whole window, framed already.
    v = view(engine, calculator="change", accepted="2026-12-07", items=[5], today="2026-12-05")
    cal = v["calendar"]
    assert not any(c and c.get("due") for m in cal["months"] for w in m["weeks"] for c in w)
    assert all(e["kind"] != "due" for e in cal["legend"])


def test_a_next_month_date_on_a_closed_day_or_past_the_calendar_says_so(engine):
    # Accepted Mon 2026-11-30 -> 起算日 Tue 12-01 -> No.3 from Fri 2027-01-01,
    # 元日 and 年末年始: shown on its calendar date, and said to be closed.
    v = view(engine, calculator="change", accepted="2026-11-30", items=[3], today="2026-11-30")
    assert v["calendar"]["days"][-1]["label"] == (
        "No.3の適用開始日（翌月適用・完了の目安）。休業日（元日・年末年始）ですが、翌月1日の日付のまま示しています")
    # Accepted Thu 2028-11-30 -> 起算日 Fri 12-01 -> No.3 from Mon 2029-01-01,
    # past the calendar's last day (2028-12-31): not said to be open or closed,
    # and said to hold whichever it is.
    v = view(engine, calculator="change", accepted="2028-11-30", items=[3], today="2028-11-01")
    [cell] = [c for m in v["calendar"]["months"] for w in m["weeks"] for c in w if c and c.get("kind") == "applies"]
    assert cell["label"] == v["calendar"]["days"][-1]["label"] == (
        "No.3の適用開始日（翌月適用・完了の目安）。計算できる期間（2028年12月31日(日)まで）の後ですが、"
        "翌月適用は営業日を数えないため、翌月1日をお示ししています")
    # And the result says why it is shown past the window the status line
    # names, where the reader looks, among its assumptions.
    assert ("「翌月適用」の適用開始日（2029年1月1日(月)）は、計算できる期間（2028年12月31日(日)まで）の後ですが、"
            "翌月適用は営業日を数えないため、翌月1日をお示ししています。") in v["assumptions"]["items"]
    # On a business day nothing is added: Accepted Tue 2026-11-24 -> No.3 from Tue 12-01.
    v = view(engine, calculator="change", accepted="2026-11-24", items=[3], today="2026-11-24")
    assert v["calendar"]["days"][-1]["label"] == "No.3の適用開始日（翌月適用・完了の目安）"


def test_a_day_inside_the_window_is_not_called_the_completion_day(engine):
    # Accepted Mon 2026-12-07 -> 起算日 Tue 12-08; No.7 (10～18営業日):
    # Mon 12-21 to Wed 2027-01-06, 12-29～1-03 closed (年末年始) inside it.
    days = {d["date"]: d["label"] for d in
            view(engine, calculator="change", accepted="2026-12-07", items=[7], today="2026-12-05")["calendar"]["days"]}
    assert days["2026-12-21"] == "10営業日目（完了の目安の初日）"
    assert days["2026-12-25"] == "14営業日目（完了の目安の期間内）"
    assert days["2026-12-29"] == "休業日（年末年始）のため数えません（完了の目安の期間内）"
    assert days["2027-01-06"] == "18営業日目（完了の目安の最終日）"
    # A one-day window's day is the completion day itself.
    one = {d["date"]: d["label"] for d in
           view(engine, calculator="change", accepted="2026-12-07", items=[5], today="2026-12-05")["calendar"]["days"]}
    assert one["2026-12-14"] == "5営業日目（完了の目安）"


def test_items_done_on_one_day_are_named_together_in_the_day_list(engine):
    """「No.1・No.2の完了の目安」, not 「No.1の完了の目安・No.2の完了の目安」:
    accepted Mon 2026-12-07 -> 起算日 Tue 12-08; No.1 and No.2 (5営業日) Mon
    12-14; No.6 (6～10営業日) Tue 12-15 ～ Mon 12-21."""
    v = view(engine, calculator="change", accepted="2026-12-07", items=[1, 2, 6], today="2026-12-05")
    labels = {d["date"]: d["label"] for d in v["calendar"]["days"]}
    assert labels["2026-12-14"] == "5営業日目（No.1・No.2の完了の目安）"
    assert labels["2026-12-15"] == "6営業日目（全体の完了の目安の初日・No.6の完了の目安の初日）"
    assert labels["2026-12-21"] == "10営業日目（全体の完了の目安の最終日・No.6の完了の目安の最終日）"


@pytest.mark.parametrize(("title", "pieces"), [
    ("SoftBank送信元表示番号オプション", ["SoftBank", "送信元表示番号", "オプション"]),
    # Latin then katakana is one term; a 「+」 stays with its name.
    ("アクセス可能グローバルIPアドレス", ["アクセス", "可能", "グローバル", "IPアドレス"]),
    ("+メッセージ公式アカウント表示内容等", ["+メッセージ", "公式", "アカウント", "表示内容等"]),
    # Kanji compounds, 「・」 and brackets never part a term.
    ("サービス・障害などの連絡用情報", ["サービス・障害などの連絡用情報"]),
    ("選択肢項目名（送信元表示番号名称）", ["選択肢項目名（送信元表示番号名称）"]),
    ("", []),
])
def test_a_name_may_break_only_where_its_script_changes(title, pieces):
    from calculators.viewparts import name, name_pieces

    assert name_pieces(title) == pieces
    assert "".join(s if isinstance(s, str) else s["text"] for s in name(title)) == title


def test_an_items_name_in_the_result_carries_its_break_opportunities(engine):
    v = view(engine, calculator="change", accepted="2026-12-07", items=[13], today="2026-12-05")
    [row] = v["items"]["rows"]
    assert row["cells"][1] == ["SoftBank", {"text": "", "wbr": True}, "送信元表示番号", {"text": "", "wbr": True},
                               "オプション"]


@pytest.mark.parametrize("request_", [
    {"calculator": "cancel", "applied": "2026-12-07", "today": "2026-12-07"},
    {"calculator": "deadline", "last_usage_month": "2027-03", "today": "2026-12-07"},
])
def test_a_cancellation_result_says_a_fee_may_be_due(engine, request_):
    view = engine.run(request_)["result"]["view"]
    conditions = "".join(engine.bundle["rules"]["cancellation"]["conditions"])
    assert "契約解除料" in conditions
    assert view["next"]["conditions"] == conditions
    assert f"解約条件：{conditions}" in view["copy"]
