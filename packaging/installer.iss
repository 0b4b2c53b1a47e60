; Inno Setup script for Hemsedal integrering (Inno Setup 6.3 or newer).
;
; Build the bundle first on a Windows build machine (see README, "Windows bundle and installer"):
;   py -m venv .venv-bundle
;   .venv-bundle\Scripts\pip install . "pyinstaller==6.22.3"
;   .venv-bundle\Scripts\python packaging\build_bundle.py
; then compile this script:
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" packaging\installer.iss
; The installer lands in build\installer\HemsedalIntegrering-0.1.0-oppsett.exe.
;
; It installs per user without administrator rights by default (IT can install for all users
; with /ALLUSERS). The database and settings live in the user's data folder
; (%LOCALAPPDATA%\hemsedal-integrering) or on the share chosen with --db; uninstalling never
; removes them.

#define AppName "Hemsedal integrering"
#define AppVersion "0.1.0"
#define AppExe "HemsedalIntegrering.exe"
#define Bundle "..\build\bundle\dist\HemsedalIntegrering"
; Must equal hemsedal_integrering.ui.identity.APP_USER_MODEL_ID (task-bar grouping and pinning).
#define AppUserModelID "HemsedalKommune.HemsedalIntegrering"

[Setup]
AppId={{6C0E7A53-2D0B-4C4B-9E0A-5B1D7E3F9A21}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Hemsedal kommune
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\build\installer
OutputBaseFilename=HemsedalIntegrering-{#AppVersion}-oppsett
SetupIconFile=..\resources\icons\hemsedal-integrering.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "nb"; MessagesFile: "compiler:Languages\Norwegian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; AppUserModelID: "{#AppUserModelID}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; AppUserModelID: "{#AppUserModelID}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
