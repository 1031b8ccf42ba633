#!/bin/bash
# holds the copy (flag file) while the machine's CPU over the last 0.5 s is above $1 of all cores
lim=${1:-0.75}; flag=/tmp/cpuflag
read -r _ a b c d e f g h rest < /proc/stat; pb=$((a+b+c+f+g+h)); pt=$((a+b+c+d+e+f+g+h))
while [ ! -f /tmp/cpuflag.stop ]; do
  sleep 0.5
  read -r _ a b c d e f g h rest < /proc/stat; nb=$((a+b+c+f+g+h)); nt=$((a+b+c+d+e+f+g+h))
  if [ $(( (nb-pb)*100 )) -gt $(awk "BEGIN{print int($lim*100*($nt-$pt))}") ]; then touch $flag; else rm -f $flag; fi
  pb=$nb; pt=$nt
done
rm -f $flag /tmp/cpuflag.stop
