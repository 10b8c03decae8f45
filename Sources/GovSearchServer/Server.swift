// The HTTP service; implemented in issue 8.
