from hpccoder.cli import main

raise SystemExit(main())
