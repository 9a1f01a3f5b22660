package main

// The binary carries the time zone database so tz= and agreement zones work
// on machines without /usr/share/zoneinfo.
import _ "time/tzdata"
