"""``lpkg stats``."""

from __future__ import annotations

from click.testing import CliRunner

from lpkg.cli import main
from tests import ROOT


def test_stats_counts_memberships_per_partnership() -> None:
    result = CliRunner().invoke(main, ["--root", str(ROOT), "stats", "--lang", "en"])
    assert result.exit_code == 0
    lines = [line.split() for line in result.output.splitlines()]
    # 13 members listed on the Litvínov page, 11 on the Most page, 14 on the Trmice page
    assert ["13", "Local", "Partnership", "Litvínov", "(lp:litvinov)"] in lines
    assert ["11", "Local", "Partnership", "Most", "(lp:most)"] in lines
    assert ["14", "Local", "Partnership", "Trmice", "(lp:trmice)"] in lines
    # 13 + 11 + 14, 15 in Břeclav (14 bullets, one naming two organizations), the 11 whole
    # bullets of Duchcov's cut list, Jesenicko 4, Kadaň 11, Roudnice 6, Slezská Ostrava 1 and
    # Ústí nad Labem 9 (two district offices in one bullet): 95
    assert ["95", "org:Membership"] in lines
