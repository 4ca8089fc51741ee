"""The JSON API over the named queries: the list, answers in JSON and CSV, the parameters and
errors of ``lpkg query``, the row cap.

The expected rows are worked out from data/ and docs/reconciliation.md: Litvínov and Most both
list the Agency, Most k naději, Oblastní charita Most and the Police (Most naming its SKPV in
brackets); the Diakonie and the Labour Office are members through different units in each, so
only the inferred lpkg:servesTown counts them, with the Ministry above the Agency.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from lpkg.namespaces import LORG
from lpkg.serve import create_app
from lpkg.serve.app import ServeState
from tests import ROOT

BOTH = {
    LORG["agentura-pro-socialni-zaclenovani"]: "Agency for Social Inclusion",
    LORG["most-k-nadeji"]: "Most k naději",
    LORG["oblastni-charita-most"]: "Charita Most",
    LORG["policie-cr"]: "Police of the Czech Republic",
}
"""The members of both partnerships, with their English labels."""


def _problem(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["detail"]
    return body  # type: ignore[no-any-return]


def test_the_list_names_every_query_with_its_parameters(client: TestClient) -> None:
    listed = {q["name"]: q for q in client.get("/api/queries").json()["queries"]}
    assert set(listed) == {p.stem for p in (ROOT / "queries").glob("*.rq")}
    both = listed["both-towns"]
    assert both["title"] == {
        "cs": "Organizace působící v obou městech",
        "en": "Organizations serving both towns",
    }
    params = {p["name"]: p for p in both["parameters"]}
    assert list(params) == ["town1", "town2", "date"]
    assert params["town1"]["default"] == "lplace:litvinov"
    assert params["town2"]["description"] == "the second town"
    assert (params["date"]["kind"], params["date"]["default"]) == ("date", None)
    assert both["requiresInference"] is False
    assert listed["both-towns-inferred"]["requiresInference"] is True
    assert both["url"] == "http://testserver/api/queries/both-towns"


def test_both_towns_for_most_and_litvinov(client: TestClient) -> None:
    response = client.get(
        "/api/queries/both-towns", params={"town1": "Most", "town2": "litvínov", "lang": "en"}
    )
    assert response.status_code == 200
    assert "Lpkg-Rows-Cut" not in response.headers
    body = response.json()
    # the how-columns are headed by the towns given, in the order given
    assert body["columns"] == ["organization", "Most", "Litvínov", "incompleteLists"]
    assert body["truncated"] is False
    rows = {row["organization"]["iri"]: row for row in body["rows"]}
    assert rows.keys() == {str(iri) for iri in BOTH}
    for iri, label in BOTH.items():
        row = rows[str(iri)]
        assert row["organization"]["label"] == label
        assert row["Litvínov"] == "member"
        # both member lists are complete (lpkg:memberListComplete true)
        assert row["incompleteLists"] == ""
    assert rows[str(LORG["policie-cr"])]["Most"] == "member (through SKPV)"
    assert rows[str(LORG["most-k-nadeji"])]["Most"] == "member"


def test_parameters_as_curies_and_iris_name_the_same_towns(client: TestClient) -> None:
    by_label = client.get("/api/queries/both-towns", params={"town1": "Most", "town2": "Litvínov"})
    by_name = client.get(
        "/api/queries/both-towns",
        params={"town1": "lplace:most", "town2": "https://w3id.org/lpkg/id/place/litvinov"},
    )
    assert by_name.status_code == by_label.status_code == 200
    assert by_name.json() == by_label.json()


def test_a_date_narrows_the_answer(client: TestClient) -> None:
    # Litvínov's and Trmice's pages describe 2010: the Agency and the Police are on both lists;
    # Most's page describes 2016, so no day has both the Litvínov and the Most list
    trmice = client.get("/api/queries/both-towns", params={"town2": "Trmice", "date": "2010"})
    assert {r["organization"]["iri"] for r in trmice.json()["rows"]} == {
        str(LORG["agentura-pro-socialni-zaclenovani"]),
        str(LORG["policie-cr"]),
    }
    most = client.get("/api/queries/both-towns", params={"date": "2010"})
    assert most.status_code == 200 and most.json()["rows"] == []


def test_a_query_that_needs_inference_answers_from_the_inferred_store(client: TestClient) -> None:
    body = client.get("/api/queries/both-towns-inferred", params={"lang": "en"}).json()
    assert body["columns"] == ["organization", "Litvínov", "Most"]
    how = {r["organization"]["iri"]: (r["Litvínov"], r["Most"]) for r in body["rows"]}
    assert how == {
        **{str(iri): ("member", "member") for iri in BOTH},
        # its Most centre (a unit) is the member in Litvínov, the Diakonie itself in Most
        str(LORG["diakonie-cce"]): ("unit", "member"),
        # workplaces in each town
        str(LORG["urad-prace-cr"]): ("unit", "unit"),
        # above the Agency (org:unitOf states the current parent only)
        str(LORG["ministerstvo-pro-mistni-rozvoj"]): ("unit", "unit"),
    }


def test_numbers_and_booleans_are_json_numbers_and_booleans(client: TestClient) -> None:
    rows = client.get("/api/queries/summary", params={"lang": "en"}).json()["rows"]
    most = next(r for r in rows if r["town"] and r["town"]["label"] == "Most")
    # Most's page lists 11 members, the list is complete
    assert most["members"] == 11
    assert most["memberListComplete"] is True


def test_csv_is_what_lpkg_query_writes(client: TestClient) -> None:
    response = client.get(
        "/api/queries/both-towns",
        params={"town1": "Most", "town2": "litvínov", "format": "csv", "lang": "en"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["organization", "organizationLabel", "Most", "Litvínov", "incompleteLists"]
    assert sorted(rows[1:]) == sorted(
        [str(iri), label, "member (through SKPV)" if "policie" in iri else "member", "member", ""]
        for iri, label in BOTH.items()
    )


def test_accept_text_csv_gets_csv(client: TestClient) -> None:
    response = client.get("/api/queries/both-towns", headers={"Accept": "text/csv"})
    assert response.text.startswith("organization,organizationLabel,")


def test_unknown_parameter(client: TestClient) -> None:
    body = _problem(client.get("/api/queries/both-towns", params={"town3": "Most"}), 400)
    assert "town3" in body["detail"] and "town1, town2, date" in body["detail"]


def test_unknown_value(client: TestClient) -> None:
    body = _problem(client.get("/api/queries/both-towns", params={"town1": "Atlantis"}), 400)
    assert "Atlantis" in body["detail"] and "Litvínov (lplace:litvinov)" in body["detail"]


def test_ambiguous_value(client: TestClient) -> None:
    # three OSPOD units: Litvínov's town office, Teplice's city office (Duchcov's list) and
    # Břeclav's town office (docs/reconciliation.md)
    response = client.get("/api/queries/towns-served", params={"organization": "OSPOD"})
    detail = _problem(response, 400)["detail"]
    for unit in ("mesto-litvinov-ospod", "magistrat-teplice-ospod", "mestsky-urad-breclav-ospod"):
        assert f"lorg:{unit}" in detail


def test_bad_date(client: TestClient) -> None:
    body = _problem(client.get("/api/queries/both-towns", params={"date": "2010-02-30"}), 400)
    assert "2010-02-30" in body["detail"]


@pytest.mark.parametrize(
    "params",
    [{"lang": "de"}, {"format": "xml"}, [("town1", "Most"), ("town1", "Trmice")]],
    ids=["lang", "format", "twice"],
)
def test_bad_options(client: TestClient, params: object) -> None:
    _problem(client.get("/api/queries/both-towns", params=params), 400)  # type: ignore[arg-type]


def test_unknown_query_is_404(client: TestClient) -> None:
    body = _problem(client.get("/api/queries/no-such-query"), 404)
    assert "no-such-query" in body["detail"]
    # a name is never a path: no file outside queries/ is read
    _problem(client.get("/api/queries/..%2F..%2Fpyproject.toml"), 404)


def test_a_format_the_client_does_not_accept_is_406(client: TestClient) -> None:
    _problem(client.get("/api/queries/both-towns", headers={"Accept": "application/xml"}), 406)


@pytest.fixture
def capped(state: ServeState) -> Iterator[TestClient]:
    """The server with a cap of 2 rows."""
    capped = dataclasses.replace(state, settings=dataclasses.replace(state.settings, max_rows=2))
    with TestClient(create_app(capped.settings, capped)) as client:
        yield client


def test_cut_rows_are_signalled(capped: TestClient) -> None:
    params = {"town1": "Most", "town2": "Litvínov"}
    response = capped.get("/api/queries/both-towns", params=params)
    assert response.headers["Lpkg-Rows-Cut"] == "2"
    body = response.json()
    assert body["truncated"] is True and len(body["rows"]) == 2
    as_csv = capped.get("/api/queries/both-towns", params={**params, "format": "csv"})
    assert as_csv.headers["Lpkg-Rows-Cut"] == "2"
    assert len(as_csv.text.splitlines()) == 1 + 2


def test_an_answer_at_the_cap_is_not_cut(capped: TestClient) -> None:
    # Litvínov and Trmice in 2010: exactly two rows (see test_a_date_narrows_the_answer)
    response = capped.get("/api/queries/both-towns", params={"town2": "Trmice", "date": "2010"})
    assert "Lpkg-Rows-Cut" not in response.headers
    assert response.json()["truncated"] is False
