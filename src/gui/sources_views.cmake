# The views family's sources for the mtw_gui library (included OPTIONAL by src/gui/CMakeLists.txt,
# which links Qt6::Widgets Charts DataVisualization Svg PrintSupport OpenGL).
set(MTW_GUI_VIEW_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/decimated_series.cpp ${CMAKE_CURRENT_LIST_DIR}/decimated_series.h
    ${CMAKE_CURRENT_LIST_DIR}/thinned_samples.h
    ${CMAKE_CURRENT_LIST_DIR}/run_history.cpp ${CMAKE_CURRENT_LIST_DIR}/run_history.h
    ${CMAKE_CURRENT_LIST_DIR}/views/run_view.h
    ${CMAKE_CURRENT_LIST_DIR}/views/standard_views.cpp ${CMAKE_CURRENT_LIST_DIR}/views/standard_views.h
)
