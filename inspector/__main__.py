from inspector.app import main

raise SystemExit(main())
