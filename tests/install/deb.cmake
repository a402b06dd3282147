# Builds the .deb with CPack from BUILD_DIR into WORK_DIR and checks what a
# fresh Debian 12 gets from it: dependencies on the runtime libraries the
# executable links (from dpkg-shlibdeps), and the executable with its menu
# entry, icon, metainfo and trace file type at their places under /usr.
#   cmake -DBUILD_DIR=… -DWORK_DIR=… -DAPP_ID=… -P deb.cmake
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(COMMAND ${CMAKE_CPACK_COMMAND} --config "${BUILD_DIR}/CPackConfig.cmake" -G DEB -B "${WORK_DIR}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc)
    message(FATAL_ERROR "cpack failed (${rc}):\n${out}")
endif()
file(GLOB debs "${WORK_DIR}/coroscope_*.deb")
list(LENGTH debs n)
if(NOT n EQUAL 1)
    message(FATAL_ERROR "expected one coroscope_*.deb in ${WORK_DIR}, found: ${debs}")
endif()
find_program(DPKG_DEB dpkg-deb REQUIRED)
execute_process(COMMAND ${DPKG_DEB} --field "${debs}" Package Depends OUTPUT_VARIABLE fields RESULT_VARIABLE rc)
if(rc)
    message(FATAL_ERROR "dpkg-deb cannot read ${debs}")
endif()
message(STATUS "${fields}")
if(NOT fields MATCHES "Package: coroscope\n")
    message(FATAL_ERROR "the package is not named coroscope:\n${fields}")
endif()
foreach(dep libqt6widgets6 libqt6gui6 libqt6core6 libqt6network6 libqcoro6core0 libgvc6 libcgraph6 libstdc\\+\\+6)
    if(NOT fields MATCHES "Depends:.*[ ,]${dep}[ ,(\n]")
        message(FATAL_ERROR "the package does not depend on ${dep}:\n${fields}")
    endif()
endforeach()
execute_process(COMMAND ${DPKG_DEB} --contents "${debs}" OUTPUT_VARIABLE contents)
foreach(f usr/bin/coroscope usr/share/applications/${APP_ID}.desktop usr/share/metainfo/${APP_ID}.metainfo.xml
          usr/share/mime/packages/${APP_ID}.xml usr/share/icons/hicolor/scalable/apps/${APP_ID}.svg
          usr/share/icons/hicolor/48x48/apps/${APP_ID}.png)
    string(FIND "${contents}" " ./${f}\n" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "the package lacks /${f}:\n${contents}")
    endif()
endforeach()
message(STATUS "${debs}: dependencies declared, desktop files in place")
