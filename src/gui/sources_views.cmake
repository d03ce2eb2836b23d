# The views family's sources for the mtw_gui library (included OPTIONAL by src/gui/CMakeLists.txt,
# which links Qt6::Widgets Charts DataVisualization Svg PrintSupport OpenGL).
set(_v ${CMAKE_CURRENT_LIST_DIR})
set(MTW_GUI_VIEW_SOURCES
    ${_v}/decimated_series.cpp ${_v}/decimated_series.h
    ${_v}/thinned_samples.h
    ${_v}/run_history.cpp ${_v}/run_history.h
    ${_v}/extras_history.cpp ${_v}/extras_history.h
    ${_v}/extra_families.cpp ${_v}/extra_families.h
    ${_v}/charts/cell_image.cpp ${_v}/charts/cell_image.h
    ${_v}/charts/chart_panel.cpp ${_v}/charts/chart_panel.h
    ${_v}/charts/colormap.cpp ${_v}/charts/colormap.h
    ${_v}/charts/heatmap_plot.cpp ${_v}/charts/heatmap_plot.h
    ${_v}/charts/surface_panel.cpp ${_v}/charts/surface_panel.h
    ${_v}/export/csv_table.cpp ${_v}/export/csv_table.h
    ${_v}/export/figure_exporter.cpp ${_v}/export/figure_exporter.h
    ${_v}/views/chart_csv.h
    ${_v}/views/view_style.h
    ${_v}/views/run_view.h
    ${_v}/views/losses_view.cpp ${_v}/views/losses_view.h
    ${_v}/views/weights_view.cpp ${_v}/views/weights_view.h
    ${_v}/views/extras_panel.cpp ${_v}/views/extras_panel.h
    ${_v}/views/affinity_panel.cpp ${_v}/views/affinity_panel.h
    ${_v}/views/conflict_view.cpp ${_v}/views/conflict_view.h
    ${_v}/views/landscape_job.cpp ${_v}/views/landscape_job.h
    ${_v}/views/landscape_view.cpp ${_v}/views/landscape_view.h
    ${_v}/views/pareto_view.cpp ${_v}/views/pareto_view.h
    ${_v}/views/transfer_curves.cpp ${_v}/views/transfer_curves.h
    ${_v}/views/transfer_view.cpp ${_v}/views/transfer_view.h
    ${_v}/views/standard_views.cpp ${_v}/views/standard_views.h
)
unset(_v)
