# `cpack` in a build folder (the release preset's: build/release) makes
# coroscope_<version>_<arch>.deb from what `cmake --install` installs: the
# app with its menu entry, icon, trace file type and metainfo, and the core
# library with its headers and CMake package for tracing programs of one's own.
# Its dependencies are the runtime packages of the libraries the executable
# links (dpkg-shlibdeps, from dpkg-dev), so `apt install ./coroscope_*.deb`
# pulls in Qt, QCoro's runtime and Graphviz on a fresh Debian 12.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME coroscope)
set(CPACK_PACKAGE_VENDOR "Coroscope")
set(CPACK_PACKAGE_CONTACT "Coroscope maintainers <maintainers@users.noreply.r-seed-9cde154c.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "Coroscope runs real C++20 coroutines (generators with send, yield and return, tasks, async generators and
futures) on an event loop of its own, records every transition and shows them live: state machines, the
values going in and out, who awaits whom and the event-loop queue. Step forward and back through the
recorded trace.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY coroscope)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Graphviz's dot layout is a plugin that libgvc6 ships and registers, and the X11 platform plugin
# comes with libqt6gui6: the linked libraries bring both. Wayland's is a package of its own.
# python3 runs Python programs under the tracer (lib/coroscope/python); C++ needs none of it.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland, python3")
# update-mime-database, update-desktop-database and the icon cache run from dpkg triggers
# (shared-mime-info, desktop-file-utils, hicolor-icon-theme): no maintainer scripts needed.

include(CPack)
