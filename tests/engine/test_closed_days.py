"""Closed days where the calculator has to decide: a
cancellation deadline on a closed day, an application dated on one, and the
site's own assumptions said in the result where they change its dates.

Hand-worked on the frozen bundle (2026-2027 holidays, cut-off the 10th,
年末年始 12-29..01-03 assumed, not stated in the seed); ``today`` is pinned.
"""

import datetime as dt
import json

import pytest

from calculators.assumptions import Assumptions

D = dt.date.fromisoformat

LAST_MONTH = "最終ご利用月は、解約となる月の前月としています（本サイトの前提）。"


def run(engine, **request):
    reply = engine.run(request)
    assert reply["ok"], reply
    return reply["result"]


def facts(view) -> dict:
    """label -> {result hook: date} of a view's facts."""
    def flat(segments):
        for seg in segments:
            if isinstance(seg, dict) and "strong" in seg:
                yield from flat(seg["strong"])
            elif isinstance(seg, dict) and seg.get("result"):
                yield seg
    return {f["label"]: {s["result"]: s["date"] for s in flat(f["value"])} for f in view["facts"]}


# --- a deadline on a closed day ------------------------------------------------

def test_deadline_on_a_sunday_before_a_holiday_names_the_last_business_day(engine):
    # Last usage 2027-02 -> cancelled from 2027-03 -> received by the 10th of
    # 2027-01 (N+2). 2027-01-10 is a Sunday, 01-11 成人の日, 01-09 a Saturday:
    # the last business day before it is Friday 2027-01-08.
    result = run(engine, calculator="deadline", last_usage_month="2027-02", today="2026-12-05")
    assert (result["deadline"], result["deadline_closed"], result["practical_deadline"]) == (
        "2027-01-10", ["日曜"], "2027-01-08")
    v = result["view"]
    # The rule's date stays, as the rule; the practical one is emphasised.
    assert facts(v)["お申し込みの期限"] == {"deadline": "2027-01-10"}
    assert facts(v)["営業日での期限"] == {"practical_deadline": "2027-01-08"}
    assert [f["label"] for f in v["facts"] if f.get("emphasis")] == ["営業日での期限"]
    assert "2027年1月10日(日)" in v["summary"] and "2027年1月8日(金)" in v["summary"]
    assert v["warning"] is None
    # The event goes to the practical deadline. Its reminder rings five
    # business days before: Thu 01-07, Wed 01-06, Tue 01-05, Mon 01-04,
    # then past 年末年始 (12-29 ～ 01-03) Mon 2026-12-28.
    # And on the morning of the deadline itself.
    assert [(e["date"], e["reminders"]) for e in v["events"]] == [("2027-01-08", ["2026-12-28", "2027-01-08"])]
    assert v["events"][0]["note"] == "2026年12月28日(月)と2027年1月8日(金)の9時（日本時間）に通知するよう設定しています。"
    # On a closed day, 「当日のお申し込みを含みます」 would invite an
    # application that day, which may count as received on the 12th.
    assert "お申し込みの期限：2027年1月10日(日)（規定上の期限）" in v["copy"]
    assert "当日のお申し込みを含みます" not in "".join(v["copy"]) + str(v["facts"]) + v["summary"]
    assert "営業日での期限：2027年1月8日(金)（期限日の前の最後の営業日）" in v["copy"]
    assert any("2027年1月8日(金)" in line for line in v["assumptions"]["items"])
    assert any("2027年1月8日(金)" in line for line in v["copy"]), "the CLI's text too"


def test_deadline_on_a_closed_day_leaves_the_closed_day_to_the_desk(engine):
    # The site does not know how an application on a closed day is treated
    # (3.2 is silent); the deadline's note says to ask, as the cancel result
    # and the page's assumptions do, and never states it as a fact.
    v = run(engine, calculator="deadline", last_usage_month="2027-02", today="2026-12-05")["view"]
    [practical] = [f for f in v["facts"] if f["label"] == "営業日での期限"]
    words = "".join(v["copy"]) + str(practical)
    assert "翌営業日になります" not in words
    assert practical["note"].startswith("休業日のお申し込みの扱いは") and "にご確認ください。" in practical["note"]


def test_deadline_on_a_saturday_names_the_friday(engine):
    # Last usage 2027-05 -> deadline Saturday 2027-04-10 -> Friday 04-09.
    result = run(engine, calculator="deadline", last_usage_month="2027-05", today="2026-12-05")
    assert (result["deadline"], result["practical_deadline"]) == ("2027-04-10", "2027-04-09")
    assert [e["date"] for e in result["view"]["events"]] == ["2027-04-09"]


def test_deadline_on_a_business_day_has_no_second_date(engine):
    # Last usage 2027-01 -> deadline Thursday 2026-12-10.
    result = run(engine, calculator="deadline", last_usage_month="2027-01", today="2026-12-05")
    assert result["practical_deadline"] is None
    v = result["view"]
    assert [f["label"] for f in v["facts"]] == ["最終ご利用月", "お申し込みの期限", "解約となる月"]
    assert [f["label"] for f in v["facts"] if f.get("emphasis")] == ["お申し込みの期限"]
    # The one assumption every cancellation result rests on, no practical deadline.
    assert v["assumptions"]["items"] == [LAST_MONTH] and [e["date"] for e in v["events"]] == ["2026-12-10"]


def test_practical_deadline_passed_but_the_rule_not_yet_warns(engine):
    # Saturday 2027-01-09: Friday 01-08 has gone, Sunday 01-10 has not.
    v = run(engine, calculator="deadline", last_usage_month="2027-02", today="2027-01-09")["view"]
    assert v["warning"]["kind"] == "closed"
    assert "2027年1月8日(金)" in v["warning"]["text"] and "過ぎています" in v["warning"]["text"]
    assert v["warning"]["text"] in v["copy"]
    # A reminder in the past is no use: it goes to the rule's date.
    assert [e["date"] for e in v["events"]] == ["2027-01-10"]


# --- an application dated on a closed day --------------------------------------

def test_application_on_a_closed_cutoff_day_warns_of_the_next_business_day(engine, bundle):
    # Sunday 2027-01-10 is the cut-off itself: counted on its date, the last
    # usage month is 2027-02 (N+2); received on Tuesday 01-12 (the 11th is
    # 成人の日) it would be 2027-03 (N+3).
    result = run(engine, calculator="cancel", applied="2027-01-10")
    assert (result["last_usage_month"], result["cancelled_from"]) == ("2027-02", "2027-03")
    v = result["view"]
    assert v["warning"]["kind"] == "closed"
    text = v["warning"]["text"]
    assert "2027年1月12日(火)" in text
    # The later reading in the result's own terms, so 「2027年3月」 is not read
    # as the month the result calls 解約となる月.
    assert "最終ご利用月が2027年3月ご利用分まで（2027年4月ご利用分から解約）に変わります" in text
    desk = next(c["name"] for c in bundle["rules"]["contacts"]["contacts"]
                if c["id"] == bundle["rules"]["changes"]["submit_to"])
    assert desk in text
    assert text in v["copy"]
    # A calendar shows the title alone: the month the warning may move is unsure there too.
    [event] = v["events"]
    assert event["date"] == "2027-03-01" and event["summary"].endswith("解約（2027年3月ご利用分から・要確認）")
    # Why the day is not moved, as the change forms' days are.
    [line, last] = v["assumptions"]["items"]
    assert last == LAST_MONTH
    assert "2027年1月10日(日)" in line and "変更手続き" in line and "翌営業日" in line


@pytest.mark.parametrize("applied", ["2026-11-29", "2027-01-03"])
def test_application_on_a_closed_day_that_changes_nothing_is_explained_not_warned(engine, applied):
    # Sunday 2026-11-29 is after the cut-off either way; 2027-01-03 (Sunday,
    # 年末年始) and the next business day 01-04 are both by the 10th.
    v = run(engine, calculator="cancel", applied=applied)["view"]
    assert v["warning"] is None
    assert len(v["assumptions"]["items"]) == 2 and v["assumptions"]["items"][-1] == LAST_MONTH
    assert "この結果の前提：" in v["copy"]


def test_application_on_a_business_day_rests_on_the_last_month_reading_alone(engine):
    """The seed names the month a cancellation takes effect; that the month
    before is the last one used is the site's reading, said in every result."""
    v = run(engine, calculator="cancel", applied="2026-11-11")["view"]
    assert v["warning"] is None and v["assumptions"]["items"] == [LAST_MONTH]
    assert "この結果の前提：" in v["copy"] and f"  ・{LAST_MONTH}" in v["copy"]
    assert v["events"][0]["summary"].endswith("解約（2027年2月ご利用分から）")


# --- the change forms' assumptions, where they change the date -----------------

def test_next_month_item_counted_from_the_start_day_month_says_so(engine):
    # Monday 2026-11-30 -> 起算日 Tuesday 12-01 -> No.3 翌月適用 from 2027-01-01,
    # not from 2026-12-01 as "the month after I applied" would give.
    result = run(engine, calculator="change", accepted="2026-11-30", items=[3])
    assert result["items"][0]["earliest"] == "2027-01-01"
    [line] = result["view"]["assumptions"]["items"]
    assert line == ("「翌月適用」は、起算日（2026年12月1日(火)）の翌月1日、2027年1月1日(金)から適用されるものとして"
                    "計算しています（本サイトの前提）。受付受理日（2026年11月30日(月)）の翌月からではありません。")
    assert f"  ・{line}" in result["view"]["copy"]


def test_next_month_item_in_the_same_month_needs_no_word(engine):
    # Tuesday 2026-11-24 -> 起算日 11-25, same month: from 2026-12-01 either way.
    assert run(engine, calculator="change", accepted="2026-11-24", items=[3])["view"]["assumptions"] is None


def test_year_end_closure_that_moves_the_date_is_named(engine):
    # Friday 2026-12-25, No.7 (10-18 business days): 12-29..12-31 are closed
    # only by the assumed 年末年始 closure.
    v = run(engine, calculator="change", accepted="2026-12-25", items=[7])["view"]
    [line] = v["assumptions"]["items"]
    assert "年末年始（12月29日～1月3日）" in line and "原本に記載がない" in line


def test_form_sent_on_a_closed_day_is_counted_from_the_next_business_day(engine):
    # Sunday 2026-11-29 -> received Monday 11-30.
    v = run(engine, calculator="change", accepted="2026-11-29", items=[1])["view"]
    [line] = v["assumptions"]["items"]
    assert "2026年11月29日(日)" in line and "2026年11月30日(月)" in line


def test_plain_change_has_no_assumption(engine):
    v = run(engine, calculator="change", accepted="2026-11-24", items=[1, 7])["view"]
    assert v["assumptions"] is None


# --- the page's list ------------------------------------------------------------

def test_page_assumptions_come_from_the_rules(bundle):
    desk = "窓口"
    listed = Assumptions(bundle, desk).page()
    assert any(line.startswith("年末年始（12月29日～1月3日）は、原本に記載がない") for line in listed)
    assert any("翌月適用" in line for line in listed) and any("解約の締め日" in line for line in listed)
    assert any("毎月10日" in line for line in listed)
    # A closure the seed states is not the site's assumption.
    stated = json.loads(json.dumps(bundle))
    for c in stated["calendar"]["closures"]:
        c["stated_in_seed"] = True
    assert not any("年末年始" in line for line in Assumptions(stated, desk).page())
    assert len(Assumptions(stated, desk).page()) == len(listed) - 1


def test_engine_words_the_page_assumptions(engine):
    assert engine.wording.assumptions.page() == Assumptions(engine.bundle, engine.wording.assumptions.desk).page()


# --- what the copied text carries, in the page's words ----------------------------

def _sentences(text: str) -> list[str]:
    return [s + "。" for s in text.split("。") if s.strip()]


@pytest.mark.parametrize("month, today", [("2027-02", "2026-12-05"), ("2027-02", "2027-01-09"),
                                          ("2026-12", "2026-12-05")])
def test_copied_deadline_carries_every_sentence_of_the_results_notes(engine, month, today):
    # A deadline on a closed day, its business-day deadline gone by, and a
    # month whose deadline has passed (the soonest month instead): each note
    # under a fact that tells the reader what to do is in the copied text.
    v = run(engine, calculator="deadline", last_usage_month=month, today=today)["view"]
    copied = "\n".join(v["copy"])
    for f in v["facts"]:
        for sentence in _sentences(f.get("note") or ""):
            assert sentence in copied, (f["label"], sentence)
    if month == "2027-02" and today == "2026-12-05":
        assert "この日までのお申し込みをおすすめします。" in copied


def test_cancellation_names_the_application_day_in_one_word(engine, bundle):
    # The seed (3.2) speaks of 「解約申し込み」: the warning, the assumption and
    # the page's list call the day the お申し込み日, as the result's fact does.
    v = run(engine, calculator="cancel", applied="2027-01-10")["view"]
    said = [v["warning"]["text"], *v["assumptions"]["items"]]
    said += Assumptions(bundle, "desk").page()
    cancelling = [line for line in said if "解約" in line or "締め日" in line]
    assert cancelling and all("届いた" not in line and "受け付けた" not in line for line in cancelling)
    assert all("お申し込み日" in line for line in cancelling if "日付" in line)
    assert v["facts"][0]["label"] == "お申し込み日"


def test_sentences_with_dates_carry_them_as_date_segments(engine):
    # The warning and the assumptions are copied as text and shown as
    # segments, each day and month a date the page keeps in one piece.
    v = run(engine, calculator="cancel", applied="2027-01-10")["view"]
    for text, segs in [(v["warning"]["text"], v["warning"]["segments"]),
                       *zip(v["assumptions"]["items"], v["assumptions"]["segments"])]:
        assert "".join(s if isinstance(s, str) else s["text"] for s in segs) == text
        dates = [s["date"] for s in segs if isinstance(s, dict) and "date" in s]
        assert (dates or not any(c.isdigit() for c in text)) and not any("年" in s for s in segs if isinstance(s, str) and "月" in s.split("年", 1)[-1][:3])
    assert {"date": "2027-01-12", "text": "2027年1月12日(火)", "result": None} in v["warning"]["segments"]
    assert {"date": "2027-03", "text": "2027年3月", "result": None} in v["warning"]["segments"]
    # The desk's name is kept on one line: 「KDDI / Message Cast」 reads as two things.
    assert {"text": "KDDI Message Cast", "whole": True} in v["warning"]["segments"]
    # So are the results' terms, with their particle: 「最終ご利用 / 月が」 on a phone.
    assert {"text": "最終ご利用月が", "whole": True} in v["warning"]["segments"]
    assert {"text": "お申し込み日", "whole": True} in v["warning"]["segments"]


def test_a_next_month_item_says_from_when_it_applies_in_one_piece(engine):
    # 「2027年1月1日(金)から / 適用」 in a narrow cell: 「から適用」 is one piece.
    v = run(engine, calculator="change", accepted="2026-11-30", items=[3])["view"]
    cell = v["items"]["rows"][0]["cells"][-1]
    assert cell[-1] == {"text": "から適用", "whole": True}
    assert [s["date"] for s in cell if "date" in s] == ["2027-01-01", "2027-01-01"]


def test_a_particle_after_a_dated_bracket_stays_on_its_line(engine):
    # 「…期限（2027年1月8日(金)） / は過ぎています」: a line that starts with
    # the particle reads as a fragment; the bracket's close and the particle
    # after it are one piece.
    v = run(engine, calculator="deadline", last_usage_month="2027-02", today="2027-01-09")["view"]
    segs = v["warning"]["segments"]
    assert "".join(s if isinstance(s, str) else s["text"] for s in segs) == v["warning"]["text"]
    assert {"text": "）は", "whole": True} in segs
    after = segs[segs.index({"text": "）は", "whole": True}) - 1]
    assert after["date"] == "2027-01-08"


def test_a_sent_day_taken_as_the_acceptance_day_is_said_as_an_assumption(engine, bundle):
    # The seed counts from the 受付受理日; a 送付日 standing for it is the
    # site's assumption, in the page's list and in each result it sets.
    assert any(line.startswith("送付日を入れた場合は") for line in Assumptions(bundle, "窓口").page())
    v = run(engine, calculator="change", accepted="2026-12-11", sent="2026-12-11", items=[1],
            today="2026-12-05")["view"]
    assert v["assumptions"]["items"] == [
        "送付日（2026年12月11日(金)）に受付受理されたものとして数えています。実際の受付受理日は当社での受付によって"
        "決まり、書類に不備があると遅れます（本サイトの前提）。"]
    # On a closed day, the line that says where it moved says it instead.
    v = run(engine, calculator="change", accepted="2026-12-12", sent="2026-12-12", items=[1],
            today="2026-12-05")["view"]
    assert not any(line.startswith("送付日（2026年12月12日(土)）に受付受理") for line in v["assumptions"]["items"])
    assert any("翌営業日の2026年12月14日(月)の受付受理として" in line for line in v["assumptions"]["items"])


@pytest.mark.parametrize(("today", "reminders"), [
    # Deadline Thu 2026-12-10 (last usage 2027-01). Five business days before
    # it: 12-09, 12-08, 12-07, Fri 12-04, Thu 12-03; and the deadline's morning.
    ("2026-11-28", ["2026-12-03", "2026-12-10"]),
    ("2026-12-02", ["2026-12-03", "2026-12-10"]),
    # That day is today or gone: the next business day instead (Mon 12-07
    # after Sat 12-05; Tue 12-08 after Mon 12-07, 9:00 may be gone by now).
    ("2026-12-05", ["2026-12-07", "2026-12-10"]),
    ("2026-12-07", ["2026-12-08", "2026-12-10"]),
    # The next business day is the deadline itself: its morning alone.
    ("2026-12-09", ["2026-12-10"]),
    ("2026-12-10", ["2026-12-10"]),
], ids=["ahead", "day-before", "gone-weekend", "today", "none-left", "deadline-day"])
def test_a_deadline_reminder_rings_on_a_business_day_still_ahead(engine, today, reminders):
    [event] = run(engine, calculator="deadline", last_usage_month="2027-01", today=today)["view"]["events"]
    assert event["date"] == "2026-12-10" and event["reminders"] == reminders


# Holidays after the official list's last year (official_holidays_through,
# 2027 in the frozen bundle) are the `holidays` package's reckoning.
UNPUBLISHED = "は、内閣府の公表（2027年まで）より先のため、祝日法の定めから本サイトが計算したものです。"


@pytest.mark.parametrize("request_, named", [
    # 受付受理 2028-03-15 (Wed): No.13 counts 12–22 business days over 3/20 春分の日.
    ({"calculator": "change", "accepted": "2028-03-15", "items": [13]}, "2028年の祝日（3月20日の春分の日）"),
    # 2028-09-15 (Fri): the option's count crosses 敬老の日, 秋分の日 and スポーツの日.
    ({"calculator": "option", "applied": "2028-09-15"},
     "2028年の祝日（9月18日の敬老の日、9月22日の秋分の日、10月9日のスポーツの日）"),
    # The deadline for 2028-02 is 2028-01-10, 成人の日: the business-day one is 1/7.
    ({"calculator": "deadline", "last_usage_month": "2028-02"}, "2028年の祝日（1月10日の成人の日）"),
    # Applied on 2028-01-10, 成人の日: the result names the holiday it is on.
    ({"calculator": "cancel", "applied": "2028-01-10"}, "2028年の祝日（1月10日の成人の日）"),
])
def test_a_result_that_rests_on_an_unpublished_holiday_says_so(engine, request_, named):
    items = engine.run({**request_, "today": "2026-12-07"})["result"]["view"]["assumptions"]["items"]
    assert f"{named}{UNPUBLISHED}公表の際に変わる場合があります。" in items


@pytest.mark.parametrize("request_", [
    # 2027's 春分の日 (3/21, a Sunday, and 3/22 振替休日) is in the official list.
    {"calculator": "change", "accepted": "2027-03-15", "items": [13]},
    # The deadline 2027-01-10 is a Sunday before 成人の日 (published).
    {"calculator": "deadline", "last_usage_month": "2027-02"},
    # 2028-04-03 + 5 business days crosses no holiday.
    {"calculator": "change", "accepted": "2028-04-03", "items": [1]},
    # Applied on 2027-01-11, 成人の日 (published), and on a 2028 business day.
    {"calculator": "cancel", "applied": "2027-01-11"},
    {"calculator": "cancel", "applied": "2028-01-11"},
])
def test_a_result_on_published_holidays_or_none_says_nothing_of_them(engine, request_):
    view = engine.run({**request_, "today": "2026-12-07"})["result"]["view"]
    assert not any(UNPUBLISHED in line for line in (view["assumptions"] or {}).get("items", []))


def test_the_page_lists_the_unpublished_years_among_its_assumptions(engine):
    lines = Assumptions(engine.bundle, "窓口").page()
    assert any(line.startswith("2028年以降の祝日は、内閣府の公表（2027年まで）より先のため") for line in lines)
