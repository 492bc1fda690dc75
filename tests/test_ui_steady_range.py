"""Chart.steady_range: a chart's range holds while its figures fit it, and follows them when they leave it."""

import numpy as np
import pytest

from desktop.ui.plots.chart import STEADY_FILL, STEADY_ROOM, Chart


@pytest.fixture
def chart(qtbot):
    chart = Chart()
    qtbot.addWidget(chart)
    chart.resize(600, 400)
    chart.plot_item = chart.add_plot(0, "", "", "")
    chart.apply_theme()
    return chart


def _y(chart):
    return tuple(chart.plot_item.getViewBox().viewRange()[1])


def test_a_first_fit_pads_the_figures_as_pyqtgraph_does(chart):
    chart.steady_range(chart.plot_item, 1, [np.array([10.0, 20.0, 30.0])], padding=0.05)
    assert _y(chart) == pytest.approx((9.0, 31.0))


def test_figures_that_fit_leave_the_range_alone_and_the_axis_undrawn(chart):
    plot = chart.plot_item
    chart.steady_range(plot, 1, [np.array([10.0, 30.0])], padding=0.05)
    axis = plot.getAxis("left")
    before = _y(chart)
    axis.picture = "drawn"  # a new range would make pyqtgraph draw the axis again (picture = None)
    for high in (29.0, 30.5, 27.0):
        chart.steady_range(plot, 1, [np.array([10.0, high])], padding=0.05)
        assert _y(chart) == before
    assert axis.picture == "drawn"


def test_outgrowing_one_side_gives_it_more_room_and_shrinking_refits(chart):
    plot = chart.plot_item
    chart.steady_range(plot, 1, [np.array([0.0, 100.0])], padding=0.05)
    chart.steady_range(plot, 1, [np.array([0.0, 120.0])], padding=0.05)
    low, high = _y(chart)
    assert low == pytest.approx(-6.0)  # the side the figures kept is padded as a fresh fit
    assert high == pytest.approx(120 + 0.05 * 120 + STEADY_ROOM * 120)  # the side they outgrew gets room to grow on
    chart.steady_range(plot, 1, [np.array([0.0, 125.0])], padding=0.05)
    assert _y(chart) == (low, high)
    small = (high - low) * STEADY_FILL * 0.9
    chart.steady_range(plot, 1, [np.array([0.0, small])], padding=0.05)
    assert _y(chart) == pytest.approx((-0.05 * small, small * 1.05))  # too little of the range filled: fitted afresh


def test_a_range_set_by_someone_else_is_fitted_afresh_and_nothing_finite_changes_nothing(chart):
    plot = chart.plot_item
    chart.steady_range(plot, 1, [np.array([0.0, 100.0])], padding=0.05)
    plot.setYRange(-500, 500, padding=0)
    chart.steady_range(plot, 1, [np.array([0.0, 100.0])], padding=0.05)
    assert _y(chart) == pytest.approx((-5.0, 105.0))
    chart.steady_range(plot, 1, [np.array([np.nan, np.inf])], padding=0.05)
    assert _y(chart) == pytest.approx((-5.0, 105.0))
