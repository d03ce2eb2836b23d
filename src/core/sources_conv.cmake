# Convolutional layers (im2col + GEMM convolution, max pooling).
set(MTW_CORE_CONV_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/conv2d.cpp ${CMAKE_CURRENT_LIST_DIR}/conv2d.h
    ${CMAKE_CURRENT_LIST_DIR}/max_pool2d.cpp ${CMAKE_CURRENT_LIST_DIR}/max_pool2d.h)
