// The edge: devices, processes, journal, backends, progress (issue 4).
